import { defineCommandSlice } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

export class SuspendAgreementBody {
  @IsText(TEXT_RULES.reason)
  reason!: string;
}

export const suspendAgreement = defineCommandSlice({
  path: 'suspend',
  rpc: 'Suspend',
  summary: 'Suspend an active agreement',
  body: SuspendAgreementBody,
  params: AgreementParams,
  toCommand: (body) => ({ type: 'SuspendAgreement', data: { reason: body.reason } }),
});
