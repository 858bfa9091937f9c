import { defineCommandSlice, EmptyBody } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';

export const proposeAgreement = defineCommandSlice({
  path: 'propose',
  rpc: 'Propose',
  summary: 'Propose the draft to the parties for countersignature',
  body: EmptyBody,
  params: AgreementParams,
  toCommand: () => ({ type: 'ProposeAgreement', data: {} }),
});
