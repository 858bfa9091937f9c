import { LRUCache } from 'lru-cache';
import { GENESIS_HASH, hashEvent } from '../hash-chain/index.js';
import {
  DuplicateEventIdError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type CheckpointStore,
  type EventFromPeer,
  type EventToAppend,
  type ReplicaStore,
  type ReplicatedAppendOutcome,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  idleWaitMs,
} from '../port/index.js';
import type { SqlClient } from '../sql/sql-client.js';
import { appendManyEvents, appendOneEvent, recordedEventOf } from './append-rows.js';
import { appendReplicated } from './append-replicated.js';
import { migrate } from './migrations.js';
import { appendNotifierFor, type AppendNotifier } from './notifier.js';
import { selectEvents } from './rows.js';
import { pollSubscription } from './subscription.js';
import { validateAppend } from './validate.js';

export interface EventSigner {
  /** Signature over the event hash (the federation lib supplies Ed25519, base64url). */
  sign(hash: string): string;
}

export interface PostgresEventStoreOptions {
  readonly sql: SqlClient;
  readonly nodeId: string;
  readonly signer?: EventSigner;
  readonly clock?: () => Date;
  /** How often an idle subscription looks for events another process appended. @defaultValue 50 */
  readonly pollIntervalMs?: number;
  /**
   * Every append to this database goes through a store of this process, so its readers wait for
   * the in-process notice instead of polling (`EventStore.seesEveryAppend`). Not on a PostgreSQL
   * server, where standalone services and CLIs append from other processes.
   * @defaultValue true on PGlite (one process owns the data dir), false on a server
   */
  readonly seesEveryAppend?: boolean;
  /** Streams whose last revision and hash are kept in memory. @defaultValue 10000 */
  readonly headCacheSize?: number;
}

interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}
const NO_STREAM: StreamHead = { revision: -1, hash: GENESIS_HASH };
/** 'any' appends retry after a stale cached head (another process appended); bounded. */
const ANY_RETRIES = 5;


const isConstraintViolation = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '23503';
};

export class PostgresEventStore implements ReplicaStore {
  /**
   * Last revision and hash of recently used streams, filled by appends and reads: saves the head
   * lookup. Bounded: a node with a million agreements must not keep a million heads in memory.
   */
  private readonly heads: LRUCache<string, StreamHead>;
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new Set<Subscription>();
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  readonly checkpoints: CheckpointStore;
  readonly seesEveryAppend: boolean;
  private reads = 0;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.notifier = appendNotifierFor(options.sql);
    this.seesEveryAppend = options.seesEveryAppend ?? options.sql.dialect === 'pglite';
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    // A miss costs one indexed read of the stream's last row.
    this.heads = new LRUCache({ max: options.headCacheSize ?? 10_000 });
    const sql = options.sql;
    this.checkpoints = {
      async load(subscriptionId) {
        const { rows } = await sql.query<{ position: bigint }>(
          'select position from checkpoints where subscription_id = $1',
          [subscriptionId],
        );
        return rows[0] ? BigInt(rows[0].position) : undefined;
      },
      async save(subscriptionId, position) {
        await sql.query(
          `insert into checkpoints (subscription_id, position) values ($1, $2)
           on conflict (subscription_id) do update set position = excluded.position`,
          [subscriptionId, position.toString()],
        );
      },
    };
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const expected = options?.expectedRevision ?? 'any';
    validateAppend(streamId, events, expected);
    for (let attempt = 0; ; attempt++) {
      const head = await this.headFor(streamId, expected);
      const recordedAt = this.clock().toISOString();
      const recorded = this.chain(streamId, head, events);
      try {
        const rows = recorded.map((r) => ({ ...r, recordedAt }));
        const positions =
          rows.length === 1
            ? [await appendOneEvent(this.options.sql, rows[0]!)]
            : await appendManyEvents(this.options.sql, recorded, recordedAt);
        const stored = rows.map((row, i) => recordedEventOf(row, positions[i]!));
        const last = stored[stored.length - 1]!;
        this.remember(streamId, { revision: last.revision, hash: last.metadata.hash });
        this.notifier.notify(last.globalPosition);
        return { nextExpectedRevision: last.revision, position: last.globalPosition, events: stored };
      } catch (error) {
        if (!isConstraintViolation(error)) throw error;
        // Someone else holds the revision, or the eventIds are stored: find out which.
        this.heads.delete(streamId);
        const original = await this.findOriginal(streamId, events, expected);
        if (original) return original;
        if (expected === 'any' && attempt < ANY_RETRIES) continue;
        throw new WrongExpectedRevisionError(streamId, expected, (await this.readHead(streamId)).revision);
      }
    }
  }

  async appendReplicated(events: readonly EventFromPeer[]): Promise<ReplicatedAppendOutcome[]> {
    const outcomes = await appendReplicated(
      this.options.sql,
      events,
      () => this.clock().toISOString(),
      (streamId, head, position) => {
        this.remember(streamId, head);
        this.notifier.notify(position);
      },
    );
    return outcomes;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (typeof streamId !== 'string' || !streamId)
      throw new TypeError('streamId: must be a non-empty string');
    const backwards = options.direction === 'backwards';
    const { fromRevision, maxCount } = options;
    if (fromRevision !== undefined && !(Number.isInteger(fromRevision) && fromRevision >= 0))
      throw new TypeError('fromRevision: must be an integer >= 0');
    if (maxCount !== undefined && !(Number.isInteger(maxCount) && maxCount >= 0))
      throw new TypeError('maxCount: must be an integer >= 0');
    const from = fromRevision ?? (backwards ? 2147483647 : 0);
    const events = await selectEvents(
      this.options.sql,
      `where stream_id = $1 and revision ${backwards ? '<=' : '>='} $2
       order by revision ${backwards ? 'desc' : 'asc'} limit $3`,
      [streamId, from, maxCount ?? null],
    );
    if (events.length === 0) {
      // A read of the whole stream that finds nothing proves it missing: no second query.
      if (fromRevision === undefined && maxCount !== 0) throw new StreamNotFoundError(streamId);
      if ((await this.readHead(streamId)).revision < 0) throw new StreamNotFoundError(streamId);
      return [];
    }
    // Only a read that reached the end of the stream tells us the head.
    const atEnd = backwards ? fromRevision === undefined : maxCount === undefined;
    const head = backwards ? events[0]! : events[events.length - 1]!;
    if (atEnd) this.remember(streamId, { revision: head.revision, hash: head.metadata.hash });
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.reads++;
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? 1000;
    if (typeof after !== 'bigint' || after < 0n) throw new TypeError('after: must be a bigint >= 0');
    if (!(Number.isInteger(maxCount) && maxCount >= 0))
      throw new TypeError('maxCount: must be an integer >= 0');
    return selectEvents(this.options.sql, `where global_position > $1 order by global_position limit $2`, [
      after.toString(),
      maxCount,
    ]);
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.options.sql.query<{ position: bigint }>('select position from log_head');
    return BigInt(rows[0]?.position ?? 0n);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const sub = pollSubscription(this, this.checkpoints, this.notifier, this.idleWaitMs(), options, (s) =>
      this.subscriptions.delete(s),
    );
    this.subscriptions.add(sub);
    return sub;
  }

  logReads(): number {
    return this.reads;
  }

  waitForAppend(timeoutMs: number, after?: bigint): Promise<void> {
    return this.notifier.wait(timeoutMs, after);
  }

  private idleWaitMs(): number {
    return idleWaitMs(this, this.pollIntervalMs);
  }

  /** Stops the subscriptions; the SqlClient belongs to the caller, who closes it. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  /** The events as the next revisions of `streamId` after `head`, hashed and signed. */
  private chain(streamId: string, head: StreamHead, events: readonly EventToAppend[]) {
    let prevHash = head.hash;
    return events.map((e, i) => {
      const revision = head.revision + 1 + i;
      const m = e.metadata;
      const fields = {
        eventId: e.eventId,
        streamId,
        revision,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        actor: m.actor,
        actorNode: m.actorNode,
        originNode: m.originNode,
        correlationId: m.correlationId,
        causationId: m.causationId,
        occurredAt: m.occurredAt,
        prevHash,
      };
      const hash = hashEvent(fields);
      prevHash = hash;
      const signature = this.options.signer?.sign(hash);
      return { ...fields, hash, signature };
    });
  }

  private async headFor(streamId: string, expected: ExpectedRevision): Promise<StreamHead> {
    if (expected === 'no_stream') return NO_STREAM;
    const cached = this.heads.get(streamId);
    if (expected === 'any') return cached ?? (await this.readHead(streamId));
    if (cached?.revision === expected) return cached;
    const { rows } = await this.options.sql.query<{ hash: string }>(
      'select hash from events where stream_id = $1 and revision = $2',
      [streamId, expected],
    );
    if (rows[0]) return { revision: expected, hash: rows[0].hash };
    throw new WrongExpectedRevisionError(streamId, expected, (await this.readHead(streamId)).revision);
  }

  private async readHead(streamId: string): Promise<StreamHead> {
    const { rows } = await this.options.sql.query<{ revision: number; hash: string }>(
      'select revision, hash from events where stream_id = $1 order by revision desc limit 1',
      [streamId],
    );
    const head = rows[0] ? { revision: rows[0].revision, hash: rows[0].hash } : NO_STREAM;
    if (rows[0]) this.remember(streamId, head);
    return head;
  }

  private remember(streamId: string, head: StreamHead): void {
    const known = this.heads.get(streamId);
    if (!known || known.revision < head.revision) this.heads.set(streamId, head);
  }

  /**
   * Idempotent append: the same eventIds already stored in this stream, contiguous, in the same
   * order (and where `expected` put them) are the original append. Any other place is a conflict.
   */
  private async findOriginal(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.eventId);
    const found = await selectEvents(
      this.options.sql,
      `where event_id in (select jsonb_array_elements_text($1::jsonb)) order by global_position`,
      [JSON.stringify(ids)],
    );
    if (found.length === 0) return undefined;
    const byId = new Map(found.map((e) => [e.eventId, e]));
    const first = byId.get(ids[0]!);
    const firstRevision = expected === 'no_stream' ? 0 : expected === 'any' ? first?.revision : expected + 1;
    const inPlace = ids.map((id, i) => {
      const e = byId.get(id);
      return e !== undefined &&
        e.streamId === streamId &&
        firstRevision !== undefined &&
        e.revision === firstRevision + i
        ? e
        : undefined;
    });
    const misplaced = ids.find((id, i) => byId.has(id) && !inPlace[i]);
    if (misplaced !== undefined) throw new DuplicateEventIdError(misplaced);
    if (inPlace.some((e) => e === undefined)) {
      // Some of the batch stored in place and some not: the batch was not this one.
      throw new DuplicateEventIdError(ids.find((id) => byId.has(id))!);
    }
    const stored = inPlace as RecordedEvent[];
    const last = stored[stored.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.globalPosition, events: stored };
  }
}

/** Applies the migrations, then returns the store. */
export async function openPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  if (typeof options.nodeId !== 'string' || !options.nodeId)
    throw new TypeError('nodeId: must be a non-empty string');
  await migrate(options.sql);
  return new PostgresEventStore(options);
}
