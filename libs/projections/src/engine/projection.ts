import type { RecordedEvent, SqlQueryable } from '@ketnoi/event-store';
import type { TableNames, TableSpec } from './table.js';

/** One change a projection made, for the live stream (`GET /v1/events/stream`). */
export interface ProjectionChange {
  readonly position: bigint;
  readonly projection: string;
  readonly type: string;
  readonly agreementId?: string;
  /** Nodes that may see the change (the agreement's parties); empty = no agreement-scoped data. */
  readonly partyNodes: readonly string[];
}

/**
 * A read model fed by the node's global log. `apply` writes one batch of events (in position
 * order) into `tables` inside the runner's transaction, which also advances the checkpoint: it
 * must not commit, and must be deterministic in the events alone (rebuild compares rows).
 */
export interface Projection {
  readonly name: string;
  /**
   * Raise it when the rows the projection writes change meaning: a node that finds rows of
   * another version drops them and rebuilds from the log at start (`ensureProjectionTables`).
   * @defaultValue 1
   */
  readonly version?: number;
  readonly tables: readonly TableSpec[];
  apply(
    tx: SqlQueryable,
    events: readonly RecordedEvent[],
    tables: TableNames,
    context?: ApplyContext,
  ): Promise<ProjectionChange[]>;
}

/**
 * Given only by a rebuild, which is the sole writer of its shadow tables: rows the projection
 * wrote may be kept here (bounded) instead of read back. The live runner gives none: another
 * runner or a rebuild may have changed the rows since.
 */
export interface ApplyContext {
  readonly cache?: BoundedCache<unknown>;
}

/** Insertion-ordered map that forgets its oldest entries past `limit`: rebuild memory stays flat. */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit = 20_000) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.limit) return;
    for (const oldest of this.entries.keys()) {
      this.entries.delete(oldest);
      if (this.entries.size <= this.limit * 0.9) break;
    }
  }
}

/** Thrown by a projection for the event it could not apply, so the runner can name it. */
export class PoisonEventError extends Error {
  readonly code = 'POISON_EVENT';
  constructor(
    readonly projection: string,
    readonly event: RecordedEvent,
    readonly reason: unknown,
  ) {
    super(
      `projection ${projection} stopped at position ${event.globalPosition} (event ${event.eventId}, ${event.type}): ${
        reason instanceof Error ? reason.message : String(reason)
      }`,
      { cause: reason },
    );
    this.name = 'PoisonEventError';
  }
}

/** Runs `fn` for each event, wrapping anything it throws as a PoisonEventError naming that event. */
export async function forEachEvent(
  projection: string,
  events: readonly RecordedEvent[],
  fn: (event: RecordedEvent) => Promise<void> | void,
): Promise<void> {
  for (const event of events) {
    try {
      await fn(event);
    } catch (error) {
      if (error instanceof PoisonEventError) throw error;
      throw new PoisonEventError(projection, event, error);
    }
  }
}
