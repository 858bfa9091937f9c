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
  readonly tables: readonly TableSpec[];
  apply(tx: SqlQueryable, events: readonly RecordedEvent[], tables: TableNames): Promise<ProjectionChange[]>;
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
