import type { RecordedEvent } from '@ketnoi/event-store';
import { sourceFor } from '../topics.js';
import { decodeMessage } from './decode-event.js';
import { InvalidCloudEventError } from './errors.js';
import { cloudEventTypeFor } from './event-type.js';
import { KETNOI_EXTENSIONS as X } from './extensions.js';
import type { EncodedKafkaMessage } from './kafka-message.js';
import type { ReplicatedEvent } from './replicated-event.js';

export interface EncodeOptions {
  /** The node publishing the message (`ce_source`); usually the origin, not always (backfill). */
  readonly sourceNode: string;
}

/**
 * A stored event as a CloudEvent in Kafka binary content mode; key = streamId so a partition
 * keeps each stream in order. Throws `InvalidCloudEventError` for an event no peer could read
 * (we decode what we encode before it leaves, so a bad envelope fails here, not on every partner).
 */
export function encodeEvent(
  event: RecordedEvent | ReplicatedEvent,
  options: EncodeOptions,
): EncodedKafkaMessage {
  const m = event.metadata;
  // One writer per stream: a stream's revisions are the origin's everywhere, so one header carries both.
  if (m.originRevision !== event.revision) {
    throw new InvalidCloudEventError(
      X.revision,
      `originRevision ${m.originRevision} differs from revision ${event.revision}`,
    );
  }
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: event.eventId,
    ce_source: sourceFor(options.sourceNode),
    ce_type: cloudEventTypeFor(event.type, event.schemaVersion),
    ce_subject: event.streamId,
    ce_time: m.occurredAt,
    'content-type': 'application/json',
    [`ce_${X.revision}`]: String(event.revision),
    [`ce_${X.hash}`]: m.hash,
    [`ce_${X.prevHash}`]: m.prevHash,
    [`ce_${X.actor}`]: m.actor,
    [`ce_${X.actorNode}`]: m.actorNode,
    [`ce_${X.originNode}`]: m.originNode,
    [`ce_${X.correlationId}`]: m.correlationId,
    [`ce_${X.causationId}`]: m.causationId,
  };
  if (m.signature !== undefined) headers[`ce_${X.signature}`] = m.signature;
  const message: EncodedKafkaMessage = {
    key: event.streamId,
    value: Buffer.from(JSON.stringify(event.data), 'utf8'),
    headers,
  };
  decodeMessage(message);
  return message;
}
