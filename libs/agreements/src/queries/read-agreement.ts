import { agreementStreamId, fold, upcast, type ExistingAgreement } from '@ketnoi/domain';
import type { EventStore, RecordedEvent } from '@ketnoi/event-store';
import { ProblemException, readableEventCount, type Actor } from '@ketnoi/platform';
import { readStreamOrEmpty } from '../pipeline/command-outcome.js';

export const agreementNotFound = (agreementId: string): ProblemException =>
  new ProblemException({
    status: 404,
    code: 'NOT_FOUND',
    title: 'Not found',
    detail: `No agreement ${agreementId} on this node.`,
  });

export interface AgreementSnapshot {
  readonly state: ExistingAgreement;
  readonly revision: number;
  readonly position: string;
}

/**
 * The events of an agreement the caller may read (a withdrawn party: up to its withdrawal), or
 * 404: a missing agreement and one the caller may not see answer alike (docs/access-control.md).
 */
export async function readVisibleEvents(store: EventStore, agreementId: string, actor: Actor): Promise<RecordedEvent[]> {
  const events = await readStreamOrEmpty(store, agreementStreamId(agreementId));
  const readable = events.slice(0, readableEventCount(actor, events.map((event) => upcast(event))));
  if (readable.length === 0) throw agreementNotFound(agreementId);
  return readable;
}

/** The agreement folded from (a prefix of) its stream, with the revision and global position of its last event. */
export function snapshotOf(agreementId: string, events: readonly RecordedEvent[]): AgreementSnapshot {
  const state = fold(events.map((event) => upcast(event)));
  if (state.status === 'NONE') throw agreementNotFound(agreementId);
  const last = events[events.length - 1]!;
  return { state, revision: last.revision, position: last.globalPosition.toString() };
}

/** The JSON of `GET /v1/agreements/{id}`: the folded state plus revision and position. */
export const agreementView = ({ state, revision, position }: AgreementSnapshot) => {
  const { agreementId, title, kind, status, parties, funding, ...rest } = state;
  return { agreementId, title, kind, status, parties, funding, ...rest, revision, position };
};

/** One recorded event with its full envelope; the 64-bit global position as a string. */
export const recordedEventView = (event: RecordedEvent) => ({
  eventId: event.eventId,
  streamId: event.streamId,
  revision: event.revision,
  globalPosition: event.globalPosition.toString(),
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data,
  metadata: event.metadata,
});
