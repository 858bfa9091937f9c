import { defineCommandSlice, EmptyBody } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';

export const expireAgreement = defineCommandSlice({
  path: 'expire',
  rpc: 'Expire',
  summary: 'Record that the end date has passed',
  body: EmptyBody,
  params: AgreementParams,
  toCommand: () => ({ type: 'ExpireAgreement', data: {} }),
});
