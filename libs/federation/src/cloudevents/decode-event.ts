import type { Json } from '@ketnoi/event-store';
import { isNodeId, NODE_ID_RULE } from '../node-id.js';
import { nodeIdFromSource } from '../topics.js';
import { decodeCloudEvent, isJsonMediaType } from './decode-cloud-event.js';
import { InvalidCloudEventError } from './errors.js';
import { parseCloudEventType } from './event-type.js';
import { KETNOI_EXTENSIONS as X } from './extensions.js';
import type { KafkaMessageLike } from './kafka-message.js';
import type { ReplicatedEvent } from './replicated-event.js';
import type { CloudEventAttributeValue } from './validate.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const REVISION = /^(0|[1-9][0-9]{0,14})$/;
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/; // Ed25519: 64 bytes, base64url without padding

/**
 * A Kafka message from a partner's relay back into the envelope the origin recorded. Strict: the
 * message must be a valid CloudEvent (see decodeCloudEvent) and carry every Kết nối attribute;
 * anything else throws `InvalidCloudEventError` naming the field. Signature and hash are checked
 * later, against the trust registry (verify/).
 */
export function decodeMessage(message: KafkaMessageLike): ReplicatedEvent {
  const { attributes, data } = decodeCloudEvent(message);
  const key =
    message.key === null || message.key === undefined ? undefined : Buffer.from(message.key).toString('utf8');
  return ketnoiEventOf(attributes, data, key);
}

/**
 * The Kết nối rules over a CloudEvent's attributes (already valid as a CloudEvent): every attribute
 * the envelope needs, each in its own format. Shared by the decoder and by the encoder's check of
 * what it is about to send.
 */
export function ketnoiEventOf(a: Attributes, data: Json | undefined, key: string | undefined): ReplicatedEvent {
  const contentType = a['datacontenttype'];
  if (typeof contentType !== 'string' || !isJsonMediaType(contentType)) {
    throw new InvalidCloudEventError('datacontenttype', 'must be application/json');
  }
  if (data === undefined) throw new InvalidCloudEventError('data', 'is required');

  const eventId = text(a, 'id');
  if (!UUID.test(eventId)) throw new InvalidCloudEventError('id', 'must be the event id: a lower-case UUID');
  const source = text(a, 'source');
  if (nodeIdFromSource(source) === undefined) {
    throw new InvalidCloudEventError('source', `must be urn:ketnoi:node:<nodeId> (${NODE_ID_RULE})`);
  }
  const { type, schemaVersion } = parseCloudEventType(text(a, 'type'));
  const streamId = text(a, 'subject');
  if (key !== undefined && key !== streamId) {
    throw new InvalidCloudEventError('key', 'the message key must be the stream id (the subject)');
  }
  const occurredAt = text(a, 'time');
  const revisionText = text(a, X.revision);
  if (!REVISION.test(revisionText))
    throw new InvalidCloudEventError(X.revision, 'must be a non-negative integer');
  const revision = Number(revisionText);
  const hash = hex(a, X.hash);
  const prevHash = hex(a, X.prevHash);
  const signature = a[X.signature];
  if (signature !== undefined && (typeof signature !== 'string' || !SIGNATURE.test(signature))) {
    throw new InvalidCloudEventError(
      X.signature,
      'must be an Ed25519 signature in base64url (86 characters)',
    );
  }

  return {
    eventId,
    streamId,
    revision,
    type,
    schemaVersion,
    data,
    metadata: {
      actor: text(a, X.actor),
      actorNode: nodeId(a, X.actorNode),
      originNode: nodeId(a, X.originNode),
      originRevision: revision,
      correlationId: text(a, X.correlationId),
      causationId: text(a, X.causationId),
      occurredAt,
      prevHash,
      hash,
      ...(signature !== undefined ? { signature } : {}),
    },
  };
}

type Attributes = Readonly<Record<string, CloudEventAttributeValue>>;

function text(a: Attributes, name: string): string {
  const value = a[name];
  if (value === undefined) throw new InvalidCloudEventError(name, 'is required');
  if (typeof value !== 'string' || value === '')
    throw new InvalidCloudEventError(name, 'must be a non-empty string');
  return value;
}

function hex(a: Attributes, name: string): string {
  const value = text(a, name);
  if (!SHA256_HEX.test(value))
    throw new InvalidCloudEventError(name, 'must be a SHA-256 digest: 64 lower-case hex digits');
  return value;
}

function nodeId(a: Attributes, name: string): string {
  const value = text(a, name);
  if (!isNodeId(value)) throw new InvalidCloudEventError(name, `must be a node id (${NODE_ID_RULE})`);
  return value;
}
