import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

export class ResumeAgreementBody {
  @IsText(TEXT_RULES.reason, { optional: true })
  reason?: string;
}

export const resumeAgreement = defineCommandSlice({
  path: 'resume',
  rpc: 'Resume',
  summary: 'Resume a suspended agreement',
  body: ResumeAgreementBody,
  params: AgreementParams,
  toCommand: (body) => ({ type: 'ResumeAgreement', data: defined({ reason: body.reason }) }),
});
