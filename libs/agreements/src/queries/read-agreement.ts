import { agreementStreamId, upcast } from '@ketnoi/domain';
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

/**
 * The events of an agreement the caller may read (a withdrawn party: up to its withdrawal), or
 * 404: a missing agreement and one the caller may not see answer alike (docs/access-control.md).
 */
export async function readVisibleEvents(
  store: EventStore,
  agreementId: string,
  actor: Actor,
): Promise<RecordedEvent[]> {
  const events = await readStreamOrEmpty(store, agreementStreamId(agreementId));
  const readable = events.slice(
    0,
    readableEventCount(
      actor,
      events.map((event) => upcast(event)),
    ),
  );
  if (readable.length === 0) throw agreementNotFound(agreementId);
  return readable;
}

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
