import {
  jsonEvent,
  type AllStreamResolvedEvent,
  type JSONEventData,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type { Json, RecordedEvent, RecordedMetadata } from '../port/index.js';

/**
 * How an envelope sits in a KurrentDB event: id = eventId, type = type, data = data (JSON), and the
 * event's metadata JSON = `{ schemaVersion, envelope }` where `envelope` is the RecordedMetadata
 * (hashes, signature, origin fields, recordedAt) verbatim, so it reads back exactly as written.
 * Revision is KurrentDB's stream revision; globalPosition is the `$all` commit position.
 */
interface StoredMetadata {
  readonly schemaVersion: number;
  readonly envelope: RecordedMetadata;
}

export function toKurrentEvent(e: Omit<RecordedEvent, 'globalPosition'>): JSONEventData {
  const metadata: StoredMetadata = { schemaVersion: e.schemaVersion, envelope: e.metadata };
  return jsonEvent({
    id: e.eventId,
    type: e.type,
    data: e.data as JSONEventData['data'],
    metadata: metadata as unknown as JSONEventData['metadata'],
  });
}

export function fromKurrentEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (!event) throw new Error('KurrentDB returned a read result without an event');
  if (!event.isJson)
    throw new Error(`KurrentDB event ${event.id} in ${event.streamId} is not JSON: not written by the hub`);
  const stored = event.metadata as unknown as StoredMetadata | undefined;
  if (!stored || typeof stored.schemaVersion !== 'number' || typeof stored.envelope !== 'object') {
    throw new Error(`KurrentDB event ${event.id} in ${event.streamId} has no hub envelope in its metadata`);
  }
  const position =
    event.position?.commit ?? ('commitPosition' in resolved ? resolved.commitPosition : undefined);
  if (position === undefined) throw new Error(`KurrentDB event ${event.id} came without a position`);
  return {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    globalPosition: position,
    type: event.type,
    schemaVersion: stored.schemaVersion,
    data: event.data as Json,
    metadata: stored.envelope,
  };
}
