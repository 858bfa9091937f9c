import type { Json, RecordedEvent } from '../port/index.js';

export const EVENT_COLUMNS = `global_position, event_id, stream_id, revision, type, schema_version, data,
  actor, actor_node, origin_node, origin_revision, correlation_id, causation_id, occurred_at,
  recorded_at, prev_hash, hash, signature`;

export interface EventRow {
  global_position: bigint;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: Json;
  actor: string;
  actor_node: string;
  origin_node: string;
  origin_revision: number;
  correlation_id: string;
  causation_id: string;
  occurred_at: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
  signature: string | null;
}

export function toRecordedEvent(r: EventRow): RecordedEvent {
  return {
    eventId: r.event_id,
    streamId: r.stream_id,
    revision: r.revision,
    globalPosition: BigInt(r.global_position),
    type: r.type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: {
      actor: r.actor,
      actorNode: r.actor_node,
      originNode: r.origin_node,
      originRevision: r.origin_revision,
      correlationId: r.correlation_id,
      causationId: r.causation_id,
      occurredAt: r.occurred_at,
      recordedAt: r.recorded_at,
      prevHash: r.prev_hash,
      hash: r.hash,
      ...(r.signature === null ? {} : { signature: r.signature }),
    },
  };
}
