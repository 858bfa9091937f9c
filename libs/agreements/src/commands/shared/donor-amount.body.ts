import { IsAmount, IsCurrency, IsNodeId } from './validators.js';

/** An amount of money from one donor: what a commitment and a disbursement both name. */
export abstract class DonorAmountBody {
  @IsAmount({ example: '2500000.50' })
  amount!: string;

  @IsCurrency()
  currency!: string;

  @IsNodeId({ example: 'org-koica' })
  donor!: string;
}

/** The domain's `amount.amount` / `amount.currency` are the request's `amount` / `currency`. */
export const DONOR_AMOUNT_FIELDS = { 'amount.amount': 'amount', 'amount.currency': 'currency' } as const;

export const donorAmount = (body: DonorAmountBody) => ({
  donor: body.donor,
  amount: { amount: body.amount, currency: body.currency },
});
