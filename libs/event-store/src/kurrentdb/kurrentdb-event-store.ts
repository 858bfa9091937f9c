import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError as KurrentStreamNotFoundError,
  WrongExpectedVersionError,
  streamNameFilter,
  type AppendStreamState,
} from '@kurrent/kurrentdb-client';
import {
  DuplicateEventIdError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type CheckpointStore,
  type EventFromPeer,
  type ReplicaStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../port/index.js';
import { parseKurrentDbConnectionString } from './connection.js';
import { fromKurrentEvent, toKurrentEvent } from './envelope.js';
import { GENESIS_HASH, hashEvent } from '../hash-chain/index.js';
import { subscribeToKurrentAll } from './subscription.js';
import { appendReplicatedToKurrent } from './append-replicated.js';

/** Signs an event hash for the origin node (Ed25519, base64url); see federation/keys. */
export interface EventHashSigner {
  sign(hash: string): string;
}

export interface KurrentDbEventStoreOptions {
  /** `KURRENTDB_CONNECTION_STRING`, e.g. `kurrentdb://127.0.0.1:2113?tls=false`. */
  readonly connectionString: string;
  /** This node's id; named in errors so a shared KurrentDB's logs say which hub spoke. */
  readonly nodeId: string;
  /** Checkpoints live beside the read models (PostgreSQL/PGlite), not in KurrentDB. */
  readonly checkpoints: CheckpointStore;
  readonly signer?: EventHashSigner;
  /**
   * Stream-name prefixes that make up this node's log. `$all` reads and subscriptions are filtered
   * on the server by these, so a KurrentDB shared with other applications shows only hub streams.
   * @defaultValue ['agreement-', 'endorsement-']
   */
  readonly streamPrefixes?: readonly string[];
}

interface StreamTail {
  readonly revision: number;
  readonly hash: string;
}

const EMPTY_STREAM: StreamTail = { revision: -1, hash: GENESIS_HASH };

export const DEFAULT_STREAM_PREFIXES = ['agreement-', 'endorsement-'] as const;

/**
 * The EventStore port on KurrentDB. Differences from the PostgreSQL adapter, by nature of KurrentDB:
 * `globalPosition` is the `$all` commit position (increasing, not contiguous), and a duplicate
 * eventId is only recognised within the stream it was appended to (KurrentDB has no global id index).
 */
export function openKurrentDbEventStore(
  options: KurrentDbEventStoreOptions,
): ReplicaStore & { readonly client: KurrentDBClient } {
  const { connectionString } = parseKurrentDbConnectionString(options.connectionString);
  const client = KurrentDBClient.connectionString(connectionString);
  const prefixes = [...(options.streamPrefixes ?? DEFAULT_STREAM_PREFIXES)];
  const filter = streamNameFilter({ prefixes });
  // One writer per stream (the home node), so the tail we last wrote is the tail: one round trip
  // per append. A WrongExpectedVersion from the server drops the entry and we read it again.
  const tails = new Map<string, StreamTail>();
  const subscriptions = new Set<Subscription>();

  async function readTail(streamId: string): Promise<StreamTail> {
    const cached = tails.get(streamId);
    if (cached) return cached;
    const last = await readStreamOrEmpty(streamId, { direction: 'backwards', maxCount: 1 });
    const tail = last[0]
      ? { revision: last[0].revision, hash: last[0].metadata.hash }
      : { revision: -1, hash: GENESIS_HASH };
    tails.set(streamId, tail);
    return tail;
  }

  async function readStreamOrEmpty(streamId: string, o: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = o.direction === 'backwards';
    const result: RecordedEvent[] = [];
    try {
      for await (const resolved of client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: o.fromRevision === undefined ? (backwards ? END : START) : BigInt(o.fromRevision),
        ...(o.maxCount === undefined ? {} : { maxCount: o.maxCount }),
      })) {
        result.push(fromKurrentEvent(resolved));
      }
    } catch (error) {
      if (error instanceof KurrentStreamNotFoundError) return [];
      throw error;
    }
    return result;
  }

  /** Events already stored at `from..from+n-1` with exactly these ids: a retried append. */
  async function storedRetry(
    streamId: string,
    events: readonly EventToAppend[],
    from: number,
  ): Promise<RecordedEvent[] | undefined> {
    if (from < 0) return undefined;
    const stored = await readStreamOrEmpty(streamId, { fromRevision: from, maxCount: events.length });
    if (stored.length !== events.length) return undefined;
    return stored.every((e, i) => e.eventId === events[i]!.eventId) ? stored : undefined;
  }

  function resultOf(events: readonly RecordedEvent[]): AppendResult {
    const last = events[events.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.globalPosition, events };
  }

  async function appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    appendOptions: AppendOptions = {},
  ): Promise<AppendResult> {
    if (typeof streamId !== 'string' || streamId.length === 0)
      throw new TypeError('streamId: must be a non-empty string');
    if (!Array.isArray(events) || events.length === 0)
      throw new TypeError('events: must hold at least one event');
    events.forEach((e, i) => {
      if (typeof e?.eventId !== 'string' || e.eventId.length === 0)
        throw new TypeError(`events[${i}].eventId: must be a non-empty string`);
    });
    const expected: ExpectedRevision = appendOptions.expectedRevision ?? 'any';
    const ids = new Set(events.map((e) => e.eventId));
    if (ids.size !== events.length)
      throw new DuplicateEventIdError(
        events.find((e, i) => events.findIndex((f) => f.eventId === e.eventId) !== i)!.eventId,
      );

    for (let attempt = 0; ; attempt++) {
      // Creating a stream needs no read: the server checks 'no_stream' itself and a refusal
      // sends us round again with the real tail (and the retry check below).
      const tail =
        tails.get(streamId) ??
        (attempt === 0 && expected === 'no_stream' ? EMPTY_STREAM : await readTail(streamId));
      // A retry of an append that already landed answers the original result.
      const retryFrom =
        expected === 'any' ? tail.revision - events.length + 1 : expected === 'no_stream' ? 0 : expected + 1;
      if (retryFrom <= tail.revision) {
        const retry = await storedRetry(streamId, events, retryFrom);
        if (retry) return resultOf(retry);
        if (expected !== 'any') {
          const ours = await findAny(streamId, ids);
          if (ours) throw new DuplicateEventIdError(ours);
          throw new WrongExpectedRevisionError(streamId, expected, tail.revision);
        }
      } else if (expected !== 'any' && (expected === 'no_stream' ? -1 : expected) !== tail.revision) {
        throw new WrongExpectedRevisionError(streamId, expected, tail.revision);
      }

      const recordedAt = new Date().toISOString();
      let prevHash = tail.hash;
      const recorded = events.map((e, i) => {
        const revision = tail.revision + 1 + i;
        const base = {
          eventId: e.eventId,
          streamId,
          revision,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
        };
        const hash = hashEvent({ ...base, ...e.metadata, prevHash });
        const signature = options.signer?.sign(hash);
        const metadata = {
          ...e.metadata,
          originRevision: revision,
          recordedAt,
          prevHash,
          hash,
          ...(signature ? { signature } : {}),
        };
        prevHash = hash;
        return { ...base, metadata };
      });
      // Always an exact expected state on the wire: the hash chain was computed against this tail.
      const streamState: AppendStreamState = tail.revision < 0 ? 'no_stream' : BigInt(tail.revision);
      try {
        const result = await client.appendToStream(streamId, recorded.map(toKurrentEvent), { streamState });
        const position = result.position?.commit;
        if (position === undefined) throw new Error(`KurrentDB append to ${streamId} returned no position`);
        tails.set(streamId, { revision: Number(result.nextExpectedRevision), hash: prevHash });
        if (recorded.length === 1) return resultOf([{ ...recorded[0]!, globalPosition: position }]);
        // KurrentDB answers only the last position of a batch: read each event's own back.
        const stored = await readStreamOrEmpty(streamId, {
          fromRevision: tail.revision + 1,
          maxCount: recorded.length,
        });
        return resultOf(stored);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        tails.delete(streamId);
        // The tail we hashed against was not the stream's: go round once more on the real one, which
        // answers a retried append, refuses a wrong expectation, or re-chains an 'any' append.
        if (attempt >= 3) {
          const actual = await readTail(streamId);
          throw new WrongExpectedRevisionError(streamId, expected, actual.revision);
        }
      }
    }
  }

  /** An id of `ids` stored in the stream, looked for from the end (recent retries). */
  async function findAny(streamId: string, ids: ReadonlySet<string>): Promise<string | undefined> {
    for (const e of await readStreamOrEmpty(streamId, { direction: 'backwards', maxCount: 1000 })) {
      if (ids.has(e.eventId)) return e.eventId;
    }
    return undefined;
  }

  async function readStream(streamId: string, o: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (o.maxCount !== undefined && (!Number.isInteger(o.maxCount) || o.maxCount < 0))
      throw new TypeError('maxCount: must be a non-negative integer');
    if (o.fromRevision !== undefined && (!Number.isInteger(o.fromRevision) || o.fromRevision < 0))
      throw new TypeError('fromRevision: must be a non-negative integer');
    if (o.maxCount === 0) {
      if ((await readStreamOrEmpty(streamId, { direction: 'backwards', maxCount: 1 })).length === 0)
        throw new StreamNotFoundError(streamId);
      return [];
    }
    try {
      const events: RecordedEvent[] = [];
      for await (const resolved of client.readStream(streamId, {
        direction: o.direction === 'backwards' ? BACKWARDS : FORWARDS,
        fromRevision:
          o.fromRevision === undefined ? (o.direction === 'backwards' ? END : START) : BigInt(o.fromRevision),
        ...(o.maxCount === undefined ? {} : { maxCount: o.maxCount }),
      })) {
        events.push(fromKurrentEvent(resolved));
      }
      return events;
    } catch (error) {
      if (error instanceof KurrentStreamNotFoundError) throw new StreamNotFoundError(streamId);
      throw error;
    }
  }

  async function readAll(o: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = o.after ?? 0n;
    const maxCount = o.maxCount ?? 1000;
    if (after < 0n) throw new TypeError('after: must be >= 0');
    if (!Number.isInteger(maxCount) || maxCount < 0)
      throw new TypeError('maxCount: must be a non-negative integer');
    if (maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    // Reading `$all` from a position includes the event at it: ask one more, keep those after.
    for await (const resolved of client.readAll({
      direction: FORWARDS,
      fromPosition: after === 0n ? START : { commit: after, prepare: after },
      maxCount: maxCount + 1,
      filter,
    })) {
      const event = fromKurrentEvent(resolved);
      if (event.globalPosition <= after) continue;
      events.push(event);
      if (events.length === maxCount) break;
    }
    return events;
  }

  async function headPosition(): Promise<bigint> {
    for await (const resolved of client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter,
    })) {
      return fromKurrentEvent(resolved).globalPosition;
    }
    return 0n;
  }

  function subscribeToAll(o: SubscribeOptions): Subscription {
    const subscription = subscribeToKurrentAll(client, filter, options.checkpoints, o, () =>
      subscriptions.delete(subscription),
    );
    subscriptions.add(subscription);
    return subscription;
  }

  const appendReplicated = (events: readonly EventFromPeer[]) =>
    appendReplicatedToKurrent(
      {
        client,
        readStreamOrEmpty: (streamId, o) => readStreamOrEmpty(streamId, o),
        remember: (streamId, tail) => void tails.set(streamId, tail),
      },
      events,
    );

  return {
    client,
    appendToStream,
    appendReplicated,
    readStream,
    readAll,
    headPosition,
    subscribeToAll,
    checkpoints: options.checkpoints,
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await client.dispose();
    },
  };
}
