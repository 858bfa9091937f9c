import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsCalendarDate, IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

export class CompleteAgreementBody {
  @IsCalendarDate({ optional: true, description: 'defaults to today' })
  completedOn?: string;

  @IsText(TEXT_RULES.longText, { optional: true })
  summary?: string;
}

export const completeAgreement = defineCommandSlice({
  path: 'complete',
  rpc: 'Complete',
  summary: 'Complete an active agreement',
  body: CompleteAgreementBody,
  params: AgreementParams,
  toCommand: (body) => ({
    type: 'CompleteAgreement',
    data: defined({ completedOn: body.completedOn, summary: body.summary }),
  }),
});
