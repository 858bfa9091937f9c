import {
  fold,
  upcast,
  type AgreementEvent,
  type ExistingAgreement,
  type IsoDate,
  type Money,
  type NodeId,
} from '@ketnoi/domain';
import type { RecordedEvent } from '@ketnoi/event-store';

/** One money movement as IATI reports it: each commitment and disbursement is its own transaction. */
export interface FundingTransaction {
  readonly kind: 'commitment' | 'disbursement';
  readonly donor: NodeId;
  readonly amount: Money;
  readonly date: IsoDate;
}

/** What one activity is written from: the folded agreement and the events the fold sums away. */
export interface ActivityFacts {
  readonly state: ExistingAgreement;
  readonly transactions: readonly FundingTransaction[];
  /** The date the agreement was drafted (its first event). */
  readonly draftedOn: IsoDate;
}

/**
 * Folds one agreement's stream as it stood at `asOf` (events that occurred after it are not
 * yet facts); undefined when nothing of it had happened by then.
 */
export function activityFacts(recorded: readonly RecordedEvent[], asOf?: number): ActivityFacts | undefined {
  const events: AgreementEvent[] = [];
  for (const event of recorded) {
    if (asOf !== undefined && Date.parse(event.metadata.occurredAt) > asOf) break;
    events.push(upcast(event));
  }
  const state = fold(events);
  if (state.status === 'NONE') return undefined;
  const transactions: FundingTransaction[] = [];
  for (const event of events) {
    if (event.type === 'FundingCommitted') {
      const { donor, amount, committedOn } = event.data;
      transactions.push({ kind: 'commitment', donor, amount, date: committedOn });
    } else if (event.type === 'FundsDisbursed') {
      const { donor, amount, disbursedOn } = event.data;
      transactions.push({ kind: 'disbursement', donor, amount, date: disbursedOn });
    }
  }
  return { state, transactions, draftedOn: recorded[0]!.metadata.occurredAt.slice(0, 10) };
}
