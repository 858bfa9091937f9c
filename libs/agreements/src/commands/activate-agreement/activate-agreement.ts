import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsCalendarDate } from '../shared/validators.js';

export class ActivateAgreementBody {
  @IsCalendarDate({ optional: true, description: 'defaults to today' })
  activatedOn?: string;
}

export const activateAgreement = defineCommandSlice({
  path: 'activate',
  rpc: 'Activate',
  summary: 'Activate a signed agreement',
  body: ActivateAgreementBody,
  params: AgreementParams,
  toCommand: (body) => ({ type: 'ActivateAgreement', data: defined({ activatedOn: body.activatedOn }) }),
});
