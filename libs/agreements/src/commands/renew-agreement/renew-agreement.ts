import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsCalendarDate, IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

export class RenewAgreementBody {
  @IsCalendarDate()
  newEndDate!: string;

  @IsText(TEXT_RULES.reason, { optional: true })
  reason?: string;
}

export const renewAgreement = defineCommandSlice({
  path: 'renew',
  rpc: 'Renew',
  summary: 'Renew the agreement until a new end date',
  body: RenewAgreementBody,
  params: AgreementParams,
  toCommand: (body) => ({
    type: 'RenewAgreement',
    data: defined({ newEndDate: body.newEndDate, reason: body.reason }),
  }),
});
