import { defineCommandSlice } from '../shared/command-slice.js';
import { PartyParams } from '../shared/params.js';
import { IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

export class WithdrawPartyBody {
  @IsText(TEXT_RULES.reason)
  reason!: string;
}

export const withdrawParty = defineCommandSlice({
  path: 'parties/:nodeId/withdraw',
  rpc: 'WithdrawParty',
  summary: 'Withdraw a party from the agreement',
  body: WithdrawPartyBody,
  params: PartyParams,
  toCommand: (body, { nodeId }) => ({ type: 'WithdrawParty', data: { nodeId, reason: body.reason } }),
});
