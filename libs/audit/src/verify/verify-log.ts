import type { KeyObject } from 'node:crypto';
import {
  GENESIS_HASH,
  hashEvent,
  hashedFieldsOf,
  PostgresEventStore,
  type EventStore,
  type RecordedEvent,
  type SqlQueryable,
} from '@ketnoi/event-store';
import { verifyHash } from '@ketnoi/federation/keys';
import { checkpointsPast } from './log-readers.js';
import { readLogTolerating, readReason, type UnreadableRange } from './read-log.js';

/** What is wrong with one event of a stream. */
export type ChainProblem = 'hash' | 'prevHash' | 'revision' | 'signature' | 'unsigned' | 'unknown-origin';
/** What is wrong with the log as a whole; reported under the stream id `$all`. */
export type LogProblem = 'missing-positions' | 'log-head' | 'checkpoint' | 'unreadable';

/** The stream id of findings about the whole log rather than one stream (KurrentDB's name for it). */
export const WHOLE_LOG = '$all';

/** One broken link of the trail: where, and what differs. Log-wide findings have no revision or event. */
export interface ChainBreak {
  readonly streamId: string;
  readonly revision?: number;
  readonly eventId?: string;
  readonly globalPosition?: string;
  readonly problem: ChainProblem | LogProblem;
  readonly expected?: string;
  readonly found?: string;
}

export interface VerifyReport {
  readonly events: number;
  readonly streams: number;
  /** Events whose chain link, hash and origin signature all verified. */
  readonly signaturesChecked: number;
  readonly breaks: readonly ChainBreak[];
}

/** The public key of an origin node: this node's own, or a partner's from the trust registry. */
export type OriginKeys = (nodeId: string) => KeyObject | string | undefined;

export interface VerifyOptions {
  /** Page size of the log scan. @defaultValue 1000 */
  readonly pageSize?: number;
  /** Stops collecting after this many breaks (the count goes on). @defaultValue 1000 */
  readonly maxBreaks?: number;
  /**
   * The node's SQL database, to compare the readers' checkpoints with the log's end.
   * @defaultValue none: that check is skipped
   */
  readonly sql?: SqlQueryable;
}

/**
 * Recomputes every stream's hash chain and checks every signature, scanning the node's log once in
 * pages: memory grows with the number of streams (their last hash), never with the events. Then
 * the log as a whole: on the PostgreSQL store positions come from the `log_head` counter, whose
 * row lock is held until commit and whose bump a rollback undoes (migrations.ts), so they are
 * 1, 2, 3... without holes and a hole is a deleted event; the counter must equal the last
 * position; no reader may have checkpointed past it. KurrentDB's commit positions have holes by
 * design, so there only the chains, the head and the checkpoints are checked.
 */
export async function verifyLog(store: EventStore, keys: OriginKeys, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 1000;
  const maxBreaks = options.maxBreaks ?? 1000;
  const gapFree = store instanceof PostgresEventStore;
  const heads = new Map<string, { revision: number; hash: string }>();
  const breaks: ChainBreak[] = [];
  const report = (b: ChainBreak) => {
    if (breaks.length < maxBreaks) breaks.push(b);
  };
  let events = 0;
  let signaturesChecked = 0;
  let last = 0n;
  let endKnown = true;
  for await (const chunk of readLogTolerating(store, pageSize, gapFree)) {
    if ('unreadable' in chunk) {
      report(unreadable(chunk.unreadable));
      if (chunk.unreadable.to === undefined) endKnown = false;
      else last = chunk.unreadable.to;
      continue;
    }
    for (const event of chunk.events) {
      events++;
      if (gapFree && event.globalPosition !== last + 1n) report(missing(last + 1n, event.globalPosition - 1n, `the next event is at ${event.globalPosition}`));
      const found = [...checkEvent(event, heads.get(event.streamId), keys)];
      if (found.length === 0) signaturesChecked++;
      for (const b of found) report(b);
      heads.set(event.streamId, { revision: event.revision, hash: event.metadata.hash });
      last = event.globalPosition;
    }
  }
  if (endKnown) for (const b of await endOfLog(store, last, gapFree, options.sql)) report(b);
  return { events, streams: heads.size, signaturesChecked, breaks };
}

const missing = (from: bigint, to: bigint, why: string): ChainBreak => ({
  streamId: WHOLE_LOG,
  globalPosition: from.toString(),
  problem: 'missing-positions',
  expected: `an event at every position (positions are gap-free)`,
  found: `no event at ${from === to ? `position ${from}` : `positions ${from}..${to}`} (${why})`,
});

const unreadable = (range: UnreadableRange): ChainBreak => ({
  streamId: WHOLE_LOG,
  globalPosition: range.from.toString(),
  problem: 'unreadable',
  expected: 'readable events',
  found: `${
    range.to === undefined
      ? `the log from position ${range.from} on`
      : range.from === range.to
        ? `the event at position ${range.from}`
        : `the events at positions ${range.from}..${range.to}`
  } unreadable: ${range.reason}`,
});

/** The log's end as the counter and the readers know it, against the last event read. */
async function endOfLog(store: EventStore, last: bigint, gapFree: boolean, sql: SqlQueryable | undefined): Promise<ChainBreak[]> {
  const found: ChainBreak[] = [];
  let head: bigint;
  try {
    head = await store.headPosition();
  } catch (error) {
    return [{ streamId: WHOLE_LOG, problem: 'unreadable', expected: 'a readable log head', found: `log head unreadable: ${readReason(error)}` }];
  }
  if (head > last && gapFree) found.push(missing(last + 1n, head, `log_head is ${head}, the last event is at ${last}`));
  else if (head !== last)
    found.push({
      streamId: WHOLE_LOG,
      globalPosition: head.toString(),
      problem: 'log-head',
      expected: `the log head at the last event's position, ${last}`,
      found: `the log head at ${head}${head < last ? ' (events stored past it: the counter was lowered, or rows inserted around it)' : ''}`,
    });
  if (sql) {
    const end = head > last ? head : last;
    try {
      for (const c of await checkpointsPast(sql, end))
        found.push({
          streamId: WHOLE_LOG,
          globalPosition: c.position.toString(),
          problem: 'checkpoint',
          expected: `every reader at or before the log's end, ${end}`,
          found: `${c.reader} has read up to position ${c.position}: the events after ${end} that it read are gone`,
        });
    } catch (error) {
      found.push({ streamId: WHOLE_LOG, problem: 'unreadable', expected: 'readable checkpoints', found: `checkpoints unreadable: ${readReason(error)}` });
    }
  }
  return found;
}

/** One line per finding, as the CLI prints it. */
export const describeBreak = (b: ChainBreak): string =>
  (b.streamId === WHOLE_LOG
    ? `BROKEN log: ${b.problem}`
    : `BROKEN ${b.streamId} revision ${b.revision} (event ${b.eventId}, position ${b.globalPosition}): ${b.problem}`) +
  (b.expected ? ` expected ${b.expected}` : '') +
  (b.found ? ` found ${b.found}` : '');

function* checkEvent(
  event: RecordedEvent,
  previous: { revision: number; hash: string } | undefined,
  keys: OriginKeys,
): Generator<ChainBreak> {
  const at = {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    globalPosition: event.globalPosition.toString(),
  };
  const expectedRevision = (previous?.revision ?? -1) + 1;
  if (event.revision !== expectedRevision)
    yield { ...at, problem: 'revision', expected: String(expectedRevision), found: String(event.revision) };
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (event.metadata.prevHash !== expectedPrev)
    yield { ...at, problem: 'prevHash', expected: expectedPrev, found: event.metadata.prevHash };
  const recomputed = hashEvent(hashedFieldsOf(event));
  if (recomputed !== event.metadata.hash) {
    yield { ...at, problem: 'hash', expected: recomputed, found: event.metadata.hash };
    return; // a signature over a hash the content does not produce proves nothing
  }
  const { signature, originNode } = event.metadata;
  if (!signature) {
    yield { ...at, problem: 'unsigned', expected: `a signature by ${originNode}` };
    return;
  }
  const key = keys(originNode);
  if (!key) yield { ...at, problem: 'unknown-origin', expected: `a public key for ${originNode} in the trust registry` };
  else if (!verifyHash(key, event.metadata.hash, signature))
    yield { ...at, problem: 'signature', expected: `a signature by ${originNode}`, found: signature };
}
