import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsAmount, IsCalendarDate, IsCurrency, IsNodeId } from '../shared/validators.js';

export class DisburseFundsBody {
  @IsAmount({ example: '2500000.50' })
  amount!: string;

  @IsCurrency()
  currency!: string;

  @IsNodeId({ example: 'org-koica' })
  donor!: string;

  @IsCalendarDate({ optional: true, description: 'defaults to today' })
  disbursedOn?: string;
}

export const disburseFunds = defineCommandSlice({
  path: 'disbursements',
  rpc: 'DisburseFunds',
  summary: 'Record a disbursement by a donor',
  body: DisburseFundsBody,
  params: AgreementParams,
  fields: { 'amount.amount': 'amount', 'amount.currency': 'currency' },
  toCommand: (body) => ({
    type: 'DisburseFunds',
    data: defined({
      donor: body.donor,
      amount: { amount: body.amount, currency: body.currency },
      disbursedOn: body.disbursedOn,
    }),
  }),
});
