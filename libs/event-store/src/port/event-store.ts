import type { EventToAppend, RecordedEvent } from './events.js';

/**
 * What the appender expects the stream to be:
 * - `'any'`: no check;
 * - `'no_stream'`: the stream must not exist yet;
 * - a number: the revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | number;

export interface AppendOptions {
  /** @defaultValue `'any'` */
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly position: bigint;
  /** The events as stored (with revision, position and hashes). */
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  /** @defaultValue `'forwards'` */
  readonly direction?: 'forwards' | 'backwards';
  /** First revision to read (inclusive). @defaultValue 0 forwards, the last revision backwards. */
  readonly fromRevision?: number;
  /** @defaultValue unlimited */
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events with globalPosition strictly greater than this. @defaultValue 0n (from the start). */
  readonly after?: bigint;
  /** @defaultValue 1000 */
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Durable name: the checkpoint is stored under it. */
  readonly subscriptionId: string;
  /**
   * Called once per event in global order. The checkpoint advances past an event only after it
   * resolved, saved once per batch: after a crash the events since the last save are handled again,
   * so a handler must be idempotent. If it throws, the subscription stops at that event (never
   * skips it) and `onError` is called.
   */
  readonly handle: (event: RecordedEvent) => Promise<void>;
  /** Where to start when no checkpoint is stored. @defaultValue 0n */
  readonly startAfter?: bigint;
  readonly onError?: (error: unknown, event: RecordedEvent | undefined) => void;
  /** Called when the subscription has read everything stored and waits for new events. */
  readonly onCaughtUp?: (position: bigint) => void;
}

export interface Subscription {
  readonly subscriptionId: string;
  /** Last position handled and checkpointed. */
  position(): bigint;
  stop(): Promise<void>;
}

/** Checkpoints live in the store so that one backup holds the log and how far each reader got. */
export interface CheckpointStore {
  load(subscriptionId: string): Promise<bigint | undefined>;
  save(subscriptionId: string, position: bigint): Promise<void>;
}

/**
 * The node's event log. One writer per stream (the home node); the global log is this node's
 * total order of everything it stored, local and replicated.
 */
export interface EventStore {
  /**
   * Appends atomically: all events or none. Throws `WrongExpectedRevisionError` when
   * `expectedRevision` does not hold. Retrying an append whose eventIds are already stored in this
   * stream at the same revisions returns the original result (idempotent append).
   */
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Throws `StreamNotFoundError` when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The node's global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Last global position stored (0n when the log is empty). */
  headPosition(): Promise<bigint>;
  /** Catch-up subscription to the global log with a durable checkpoint. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /**
   * Resolves when this process next appends, or after `timeoutMs`, or at once when this process
   * appended past `after` already (a reader passes the position it just read up to, so an append
   * between its read and this call is not slept through): lets a poller of `readAll` (a
   * projection runner) look at once instead of at its next poll. Optional: a store that cannot
   * tell leaves its readers to poll.
   */
  waitForAppend?(timeoutMs: number, after?: bigint): Promise<void>;
  /**
   * True when every append to this log goes through `waitForAppend`'s notice (PGlite: one process
   * owns the data dir). Its idle readers then wait for the notice, with only a slow safety poll
   * (`idleWaitMs`), instead of polling every few milliseconds.
   */
  readonly seesEveryAppend?: boolean;
  /** Calls of `readAll` since the store opened, for /metrics: an idle node should add almost none. */
  logReads?(): number;
  readonly checkpoints: CheckpointStore;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * How often a reader looks when the store sees every append: only a safety net, should a write
 * ever bypass the notice. An idle hub on PGlite then reads its log about once per reader every
 * 30 s instead of 20 times a second per reader.
 */
export const SAFETY_POLL_MS = 30_000;

/** How long an idle reader of `readAll` waits before it looks again (woken sooner by an append). */
export const idleWaitMs = (store: Pick<EventStore, 'seesEveryAppend'>, pollMs: number): number =>
  store.seesEveryAppend ? Math.max(pollMs, SAFETY_POLL_MS) : pollMs;
