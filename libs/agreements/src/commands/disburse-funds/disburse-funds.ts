import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { DONOR_AMOUNT_FIELDS, DonorAmountBody, donorAmount } from '../shared/donor-amount.body.js';
import { IsCalendarDate } from '../shared/validators.js';

export class DisburseFundsBody extends DonorAmountBody {
  @IsCalendarDate({ optional: true, description: 'defaults to today' })
  disbursedOn?: string;
}

export const disburseFunds = defineCommandSlice({
  path: 'disbursements',
  rpc: 'DisburseFunds',
  summary: 'Record a disbursement by a donor',
  body: DisburseFundsBody,
  params: AgreementParams,
  fields: DONOR_AMOUNT_FIELDS,
  toCommand: (body) => ({
    type: 'DisburseFunds',
    data: defined({
      ...donorAmount(body),
      disbursedOn: body.disbursedOn,
    }),
  }),
});
