import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsCalendarDate, IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

export class TerminateAgreementBody {
  @IsText(TEXT_RULES.reason)
  reason!: string;

  @IsCalendarDate({ optional: true, description: 'defaults to today' })
  terminatedOn?: string;
}

export const terminateAgreement = defineCommandSlice({
  path: 'terminate',
  rpc: 'Terminate',
  summary: 'Terminate the agreement before its end',
  body: TerminateAgreementBody,
  params: AgreementParams,
  toCommand: (body) => ({
    type: 'TerminateAgreement',
    data: defined({ reason: body.reason, terminatedOn: body.terminatedOn }),
  }),
});
