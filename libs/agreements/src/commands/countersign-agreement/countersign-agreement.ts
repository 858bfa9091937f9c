import { defineCommandSlice } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsNodeId } from '../shared/validators.js';

export class CountersignAgreementBody {
  /** The party that signs; an officer of the home node may sign on behalf of a party without a node. */
  @IsNodeId({ example: 'org-koica' })
  party!: string;
}

export const countersignAgreement = defineCommandSlice({
  path: 'countersign',
  rpc: 'Countersign',
  summary: 'Countersign the proposed agreement for a party',
  body: CountersignAgreementBody,
  params: AgreementParams,
  toCommand: (body) => ({ type: 'CountersignAgreement', data: { party: body.party } }),
});
