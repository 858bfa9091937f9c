import type { Json, RecordedEvent } from '../port/index.js';
import type { SqlClient } from '../sql/sql-client.js';

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

/** EVENT_COLUMNS as one JSON array per row (the position as text: it may pass 2^53). */
const JSON_ROW = `json_build_array(${EVENT_COLUMNS.replace('global_position', 'global_position::text')})::text`;

/** A JSON_ROW parsed: EVENT_COLUMNS' values in their order. */
type JsonRow = [
  string,
  string,
  string,
  number,
  string,
  number,
  Json,
  string,
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  string,
  string,
  string | null,
];

/**
 * `select <the event> from events <rest>`. PGlite decodes each column of each row in
 * WebAssembly and JavaScript: about 2.5x slower than one JSON text per row parsed by
 * `JSON.parse` (57 vs 21 us per event over 40 000 events), so on PGlite the row travels as
 * JSON; the server's wire protocol is faster column by column (11 vs 14 us), so it keeps them.
 */
export async function selectEvents(
  sql: SqlClient,
  rest: string,
  params: unknown[],
): Promise<RecordedEvent[]> {
  if (sql.dialect !== 'pglite') {
    const { rows } = await sql.query<EventRow>(`select ${EVENT_COLUMNS} from events ${rest}`, params);
    return rows.map(toRecordedEvent);
  }
  const { rows } = await sql.query<{ e: string }>(`select ${JSON_ROW} as e from events ${rest}`, params);
  return rows.map((row) => {
    const r = JSON.parse(row.e) as JsonRow;
    return toRecordedEvent({
      global_position: BigInt(r[0]),
      event_id: r[1],
      stream_id: r[2],
      revision: r[3],
      type: r[4],
      schema_version: r[5],
      data: r[6],
      actor: r[7],
      actor_node: r[8],
      origin_node: r[9],
      origin_revision: r[10],
      correlation_id: r[11],
      causation_id: r[12],
      occurred_at: r[13],
      recorded_at: r[14],
      prev_hash: r[15],
      hash: r[16],
      signature: r[17],
    });
  });
}
