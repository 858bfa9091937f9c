import { defineCommandSlice } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { PartyBody, toParty } from '../shared/party.body.js';

export const inviteParty = defineCommandSlice({
  path: 'parties',
  rpc: 'InviteParty',
  summary: 'Invite a party to the agreement',
  body: PartyBody,
  params: AgreementParams,
  fromGrpc: (message) => (message.party as Record<string, unknown> | undefined) ?? {},
  fields: { party: '' },
  toCommand: (body) => ({ type: 'InviteParty', data: { party: toParty(body) } }),
});
