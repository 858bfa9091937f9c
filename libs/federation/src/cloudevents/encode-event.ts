import type { RecordedEvent } from '@ketnoi/event-store';
import { sourceFor } from '../topics.js';
import { ketnoiEventOf } from './decode-event.js';
import { InvalidCloudEventError } from './errors.js';
import { cloudEventTypeFor } from './event-type.js';
import { KETNOI_EXTENSIONS as X } from './extensions.js';
import type { EncodedKafkaMessage } from './kafka-message.js';
import type { ReplicatedEvent } from './replicated-event.js';
import { checkTime } from './validate.js';

export interface EncodeOptions {
  /** The node publishing the message (`ce_source`); usually the origin, not always (backfill). */
  readonly sourceNode: string;
}

/**
 * A stored event as a CloudEvent in Kafka binary content mode; key = streamId so a partition
 * keeps each stream in order. Throws `InvalidCloudEventError` for an event no peer could read: the
 * attributes pass the decoder's own Kết nối rules before they leave, so a bad envelope fails here,
 * not on every partner. The generic CloudEvents checks are not repeated: every attribute name and
 * the content type are this function's constants, and the one value they check beyond those rules
 * (time as RFC 3339) is checked here; the data is JSON because JSON.stringify wrote it.
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
  const attributes: Record<string, string> = {
    specversion: '1.0',
    id: event.eventId,
    source: sourceFor(options.sourceNode),
    type: cloudEventTypeFor(event.type, event.schemaVersion),
    subject: event.streamId,
    time: m.occurredAt,
    datacontenttype: 'application/json',
    [X.revision]: String(event.revision),
    [X.hash]: m.hash,
    [X.prevHash]: m.prevHash,
    [X.actor]: m.actor,
    [X.actorNode]: m.actorNode,
    [X.originNode]: m.originNode,
    [X.correlationId]: m.correlationId,
    [X.causationId]: m.causationId,
  };
  if (m.signature !== undefined) attributes[X.signature] = m.signature;
  checkTime(m.occurredAt);
  ketnoiEventOf(attributes, event.data, event.streamId);
  const headers: Record<string, string> = {};
  // Binary mode: datacontenttype travels as content-type, every other attribute as ce_<name>.
  for (const name in attributes)
    headers[name === 'datacontenttype' ? 'content-type' : `ce_${name}`] = attributes[name]!;
  return { key: event.streamId, value: Buffer.from(JSON.stringify(event.data), 'utf8'), headers };
}
