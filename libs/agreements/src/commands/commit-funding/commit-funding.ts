import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { DONOR_AMOUNT_FIELDS, DonorAmountBody, donorAmount } from '../shared/donor-amount.body.js';
import { IsCalendarDate } from '../shared/validators.js';

export class CommitFundingBody extends DonorAmountBody {
  @IsCalendarDate({ optional: true, description: 'defaults to today' })
  committedOn?: string;
}

export const commitFunding = defineCommandSlice({
  path: 'funding',
  rpc: 'CommitFunding',
  summary: 'Record a funding commitment of a donor',
  body: CommitFundingBody,
  params: AgreementParams,
  fields: DONOR_AMOUNT_FIELDS,
  toCommand: (body) => ({
    type: 'CommitFunding',
    data: defined({
      ...donorAmount(body),
      committedOn: body.committedOn,
    }),
  }),
});
