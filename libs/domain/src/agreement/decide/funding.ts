import { DomainError } from '../../errors.js';
import { parseNodeId } from '../../values/ids.js';
import { addAmounts, compareAmounts, parseMoney, subtractAmounts } from '../../values/money.js';
import type { CommitFunding, DisburseFunds } from '../commands.js';
import type { FundingCommitted, FundsDisbursed } from '../events.js';
import { currentParty, fundingLine, type ExistingAgreement } from '../state.js';
import { factDate, requireStatus, type Context } from './context.js';

function donorOf(state: ExistingAgreement, input: unknown): string {
  const donor = parseNodeId(input, 'donor');
  // Only a party can be held to a commitment, and every party sees the funding lines.
  if (!currentParty(state, donor))
    throw new DomainError('NOT_A_PARTY', `${donor} is not a party to this agreement`, 'donor');
  return donor;
}

/** Commitments are part of what is negotiated and of what runs; a suspended agreement takes no new money. */
export function commitFunding(
  { data }: CommitFunding,
  state: ExistingAgreement,
  context: Context,
): FundingCommitted[] {
  requireStatus(state, 'CommitFunding', 'commit funding');
  const donor = donorOf(state, data?.donor);
  const amount = parseMoney(data.amount, 'amount');
  const committedOn = factDate(data.committedOn, 'committedOn', context);
  return [{ type: 'FundingCommitted', data: { donor, amount, committedOn } }];
}

/**
 * Money moves only under a signed agreement that is not suspended (an advance
 * on signature is common, hence SIGNED), and never beyond what the donor
 * committed in that currency: no exchange rates are applied, a USD commitment
 * does not cover a VND disbursement.
 */
export function disburseFunds(
  { data }: DisburseFunds,
  state: ExistingAgreement,
  context: Context,
): FundsDisbursed[] {
  requireStatus(state, 'DisburseFunds', 'disburse funds');
  const donor = donorOf(state, data?.donor);
  const amount = parseMoney(data.amount, 'amount');
  const disbursedOn = factDate(data.disbursedOn, 'disbursedOn', context);
  const line = fundingLine(state, donor, amount.currency);
  const committed = line?.committed ?? '0';
  const disbursed = line?.disbursed ?? '0';
  if (compareAmounts(addAmounts(disbursed, amount.amount, amount.currency), committed) > 0) {
    const left = subtractAmounts(committed, disbursed, amount.currency);
    throw new DomainError(
      'EXCEEDS_COMMITMENT',
      `${donor} has ${left} ${amount.currency} committed and not yet disbursed; ${amount.amount} is more`,
      'amount.amount',
    );
  }
  return [{ type: 'FundsDisbursed', data: { donor, amount, disbursedOn } }];
}
