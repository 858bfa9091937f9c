import { GENESIS_HASH, hashedFieldsOf, hashEvent } from '../hash-chain/index.js';
import {
  ChainLinkError,
  DuplicateEventIdError,
  RevisionGapError,
  type EventFromPeer,
  type RecordedEvent,
  type ReplicatedAppendOutcome,
} from '../port/index.js';
import type { SqlClient } from '../sql/sql-client.js';
import { appendManyEvents, appendOneEvent, recordedEventOf } from './append-rows.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './rows.js';

const isConstraintViolation = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  // unique (duplicate, fork), foreign key (gap, broken link), check (revision 0 not at genesis)
  return code === '23505' || code === '23503' || code === '23514';
};

const fail = (field: string, why: string): never => {
  throw new TypeError(`${field}: ${why}`);
};

export function validatePeerEvent(e: EventFromPeer, at: string): void {
  if (typeof e !== 'object' || e === null) fail(at, 'must be an object');
  for (const k of ['eventId', 'streamId', 'type'] as const)
    if (typeof e[k] !== 'string' || !e[k]) fail(`${at}.${k}`, 'must be a non-empty string');
  if (!Number.isInteger(e.revision) || e.revision < 0) fail(`${at}.revision`, 'must be an integer >= 0');
  if (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1) fail(`${at}.schemaVersion`, 'must be an integer >= 1');
  if (e.data === undefined) fail(`${at}.data`, 'is required');
  const m = e.metadata;
  if (typeof m !== 'object' || m === null) fail(`${at}.metadata`, 'must be an object');
  for (const k of ['actor', 'actorNode', 'originNode', 'correlationId', 'causationId', 'occurredAt', 'prevHash', 'hash'] as const)
    if (typeof m[k] !== 'string' || !m[k]) fail(`${at}.metadata.${k}`, 'must be a non-empty string');
  if (m.originRevision !== e.revision) fail(`${at}.metadata.originRevision`, `must equal revision ${e.revision}`);
  if (m.signature !== undefined && (typeof m.signature !== 'string' || !m.signature))
    fail(`${at}.metadata.signature`, 'must be a non-empty string when present');
}

export const sameEvent = (stored: RecordedEvent, e: EventFromPeer): boolean =>
  stored.streamId === e.streamId && stored.revision === e.revision && stored.metadata.hash === e.metadata.hash;

/**
 * Stores other nodes' events (see `ReplicaStore.appendReplicated`): all in one statement when
 * each is its stream's next and none is stored yet, the common case of an inbox batch; otherwise,
 * or when that statement is refused, one by one, which tells which event failed and why.
 * `remember` keeps the adapter's head cache right and wakes its readers up to the event's position.
 */
export async function appendReplicated(
  sql: SqlClient,
  events: readonly EventFromPeer[],
  recordedAt: () => string,
  remember: (streamId: string, head: { revision: number; hash: string }, position: bigint) => void,
): Promise<ReplicatedAppendOutcome[]> {
  if (!Array.isArray(events) || events.length === 0) fail('events', 'must be a non-empty array');
  events.forEach((e, i) => validatePeerEvent(e, `events[${i}]`));
  if (events.length > 1) {
    const stored = await appendAllAtOnce(sql, events, recordedAt(), remember);
    if (stored) return stored;
  }
  const outcomes: ReplicatedAppendOutcome[] = [];
  for (const e of events) outcomes.push(await appendOne(sql, e, recordedAt(), remember));
  return outcomes;
}

/**
 * The events in one statement: PGlite spends about 300 us on each statement and a fraction of
 * that on each row. Undefined, with nothing written, when a hash does not match the content or
 * the constraints refuse the statement (a duplicate, a gap, a broken link).
 */
async function appendAllAtOnce(
  sql: SqlClient,
  events: readonly EventFromPeer[],
  recordedAt: string,
  remember: (streamId: string, head: { revision: number; hash: string }, position: bigint) => void,
): Promise<ReplicatedAppendOutcome[] | undefined> {
  const rows = events.map(rowOf);
  if (rows.some((r) => hashEvent(r) !== r.hash)) return undefined;
  let positions: bigint[];
  try {
    positions = await appendManyEvents(sql, rows, recordedAt);
  } catch (error) {
    if (isConstraintViolation(error)) return undefined;
    throw error;
  }
  const stored = rows.map((r, i) => recordedEventOf({ ...r, recordedAt }, positions[i]!));
  for (const e of stored) remember(e.streamId, { revision: e.revision, hash: e.metadata.hash }, e.globalPosition);
  return stored.map((event) => ({ outcome: 'stored', event }));
}

/** The stored row's fields of a peer's event, flat. */
const rowOf = (e: EventFromPeer) => ({ ...hashedFieldsOf(e), hash: e.metadata.hash, signature: e.metadata.signature });

async function appendOne(
  sql: SqlClient,
  e: EventFromPeer,
  recordedAt: string,
  remember: (streamId: string, head: { revision: number; hash: string }, position: bigint) => void,
): Promise<ReplicatedAppendOutcome> {
  const m = e.metadata;
  const row = { ...rowOf(e), recordedAt };
  const recomputed = hashEvent(row);
  if (recomputed !== m.hash) {
    // An eventId stored already is a duplicate question before a content question.
    const existing = await findById(sql, e.eventId);
    if (existing) return duplicateOf(existing, e);
    throw new ChainLinkError(e.streamId, e.revision, 'hash', recomputed, m.hash);
  }
  try {
    // Optimistic: the constraints refuse a duplicate, a gap and a broken link, so the common case
    // (the stream's next event, seen once) is one statement; the reason is looked up only on refusal.
    // The local append's statement: every origin field (hash, prevHash, signature) is taken as given.
    const event = recordedEventOf(row, await appendOneEvent(sql, row));
    remember(e.streamId, { revision: event.revision, hash: event.metadata.hash }, event.globalPosition);
    return { outcome: 'stored', event };
  } catch (error) {
    const existing = await findById(sql, e.eventId);
    if (existing) return duplicateOf(existing, e);
    if (!isConstraintViolation(error)) throw error;
    const { rows } = await sql.query<{ revision: number; hash: string }>(
      'select revision, hash from events where stream_id = $1 order by revision desc limit 1',
      [e.streamId],
    );
    const head = rows[0] ?? { revision: -1, hash: GENESIS_HASH };
    if (e.revision !== head.revision + 1) throw new RevisionGapError(e.streamId, e.revision, head.revision + 1);
    if (m.prevHash !== head.hash) throw new ChainLinkError(e.streamId, e.revision, 'prevHash', head.hash, m.prevHash);
    throw error;
  }
}

async function findById(sql: SqlClient, eventId: string): Promise<RecordedEvent | undefined> {
  const { rows } = await sql.query<EventRow>(`select ${EVENT_COLUMNS} from events where event_id = $1`, [eventId]);
  return rows[0] ? toRecordedEvent(rows[0]) : undefined;
}

function duplicateOf(stored: RecordedEvent, e: EventFromPeer): ReplicatedAppendOutcome {
  if (!sameEvent(stored, e)) throw new DuplicateEventIdError(e.eventId);
  return { outcome: 'duplicate', event: stored };
}
