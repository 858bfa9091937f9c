import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsAmount, IsCalendarDate, IsCurrency, IsNodeId } from '../shared/validators.js';

export class CommitFundingBody {
  @IsAmount()
  amount!: string;

  @IsCurrency()
  currency!: string;

  @IsNodeId({ example: 'org-koica' })
  donor!: string;

  @IsCalendarDate({ optional: true, description: 'defaults to today' })
  committedOn?: string;
}

export const commitFunding = defineCommandSlice({
  path: 'funding',
  rpc: 'CommitFunding',
  summary: 'Record a funding commitment of a donor',
  body: CommitFundingBody,
  params: AgreementParams,
  fields: { 'amount.amount': 'amount', 'amount.currency': 'currency' },
  toCommand: (body) => ({
    type: 'CommitFunding',
    data: defined({
      donor: body.donor,
      amount: { amount: body.amount, currency: body.currency },
      committedOn: body.committedOn,
    }),
  }),
});
