import type { HashedFields } from '../hash-chain/index.js';
import type { RecordedEvent } from '../port/index.js';
import type { SqlQueryable } from '../sql/sql-client.js';
import { sqlLiteral } from '../sql/sql-literal.js';

/** One row of the events table as the append writes it: the hashed fields, the hash, when and signed by whom. */
export interface OneEventRow extends HashedFields {
  readonly recordedAt: string;
  readonly hash: string;
  readonly signature?: string | undefined;
}

/**
 * The PL/pgSQL function `append_one_event` (migrations.ts) does the log_head update and the insert
 * as one statement, so the counter's lock is held until commit. PGlite plans every parameterised
 * statement anew; a function's plans are cached for the session, which made this append about
 * 1.5x as fast there (the server prepares statements either way).
 */
const APPEND_ONE_SQL = `select append_one_event($1, $2, $3::int, $4, $5::int, $6::jsonb, $7, $8, $9, $10, $11, $12, $13,
  $14, $15, $16) as global_position`;

/**
 * Inserts one event (a local append or a peer's, whose hash and signature are kept as given) and
 * returns its global position. On PGlite the values go as literals escaped by pg's `escapeLiteral`:
 * without parameters PGlite takes the simple protocol, one step instead of four (parse, describe,
 * bind, execute), about 1.2x as fast. The server binds parameters faster than it parses the longer
 * text (about 0.9x with literals), so it keeps them.
 */
export async function appendOneEvent(sql: SqlQueryable & { readonly dialect: string }, e: OneEventRow): Promise<bigint> {
  const values = [
    e.eventId,
    e.streamId,
    e.revision,
    e.type,
    e.schemaVersion,
    JSON.stringify(e.data),
    e.actor,
    e.actorNode,
    e.originNode,
    e.correlationId,
    e.causationId,
    e.occurredAt,
    e.recordedAt,
    e.prevHash,
    e.hash,
    e.signature ?? null,
  ];
  const { rows } =
    sql.dialect === 'pglite'
      ? await sql.query<{ global_position: bigint }>(
          `select append_one_event(${values.map(sqlLiteral).join(', ')}) as global_position`,
        )
      : await sql.query<{ global_position: bigint }>(APPEND_ONE_SQL, values);
  return BigInt(rows[0]!.global_position);
}

/**
 * One statement for many rows: bump the log_head counter by their number and insert them in a CTE.
 * The counter's row lock is held until commit, so positions are handed out (and become visible) in
 * commit order; a refused insert rolls the bump back, so there are no gaps. The rows may belong to
 * several streams (an inbox batch); a row may follow another of its stream in the same statement,
 * since the chain's foreign key is checked at the statement's end.
 */
const APPEND_MANY_SQL = `
with head as (
  update log_head set position = position + $2 where id returning position - $2 as base
)
insert into events (global_position, event_id, stream_id, revision, prev_revision, type, schema_version, data,
  actor, actor_node, origin_node, origin_revision, correlation_id, causation_id, occurred_at, recorded_at,
  prev_hash, hash, signature)
select head.base + t.ord, e->>'eventId', e->>'streamId', (e->>'revision')::int, nullif((e->>'revision')::int, 0) - 1,
  e->>'type', (e->>'schemaVersion')::int, e->'data', e->>'actor', e->>'actorNode', e->>'originNode',
  (e->>'revision')::int, e->>'correlationId', e->>'causationId', e->>'occurredAt', $3,
  e->>'prevHash', e->>'hash', e->>'signature'
from head, jsonb_array_elements($1::jsonb) with ordinality as t(e, ord)
returning global_position`;

/** Inserts `rows` in one statement (see APPEND_MANY_SQL); their positions, in the order given. */
export async function appendManyEvents(sql: SqlQueryable, rows: readonly Omit<OneEventRow, 'recordedAt'>[], recordedAt: string): Promise<bigint[]> {
  const result = await sql.query<{ global_position: bigint }>(APPEND_MANY_SQL, [JSON.stringify(rows), rows.length, recordedAt]);
  return result.rows.map((r) => BigInt(r.global_position)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The event as stored at `globalPosition`, without reading it back. */
export const recordedEventOf = (r: OneEventRow, globalPosition: bigint): RecordedEvent => ({
  eventId: r.eventId,
  streamId: r.streamId,
  revision: r.revision,
  globalPosition,
  type: r.type,
  schemaVersion: r.schemaVersion,
  data: r.data,
  metadata: {
    actor: r.actor,
    actorNode: r.actorNode,
    originNode: r.originNode,
    originRevision: r.revision,
    correlationId: r.correlationId,
    causationId: r.causationId,
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
    prevHash: r.prevHash,
    hash: r.hash,
    ...(r.signature === undefined ? {} : { signature: r.signature }),
  },
});
