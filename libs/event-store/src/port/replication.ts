import { EventStoreError } from './errors.js';
import type { EventStore } from './event-store.js';
import type { RecordedEvent, RecordedMetadata } from './events.js';

/**
 * An event recorded by ANOTHER node, as it arrives here: the origin's whole envelope minus what is
 * node-local (`globalPosition`, `recordedAt`), which this node's log assigns.
 */
export interface EventFromPeer extends Omit<RecordedEvent, 'globalPosition' | 'metadata'> {
  readonly metadata: Omit<RecordedMetadata, 'recordedAt'>;
}

/** What became of one replicated event: stored now, or already stored (delivery is at least once). */
export interface ReplicatedAppendOutcome {
  readonly outcome: 'stored' | 'duplicate';
  /** The event as this node's log holds it (for a duplicate: the copy stored earlier). */
  readonly event: RecordedEvent;
}

/**
 * Writing other nodes' events into this node's log, unchanged. Separate from `EventStore` so an
 * adapter can be a store before it can be a replica; `canAppendReplicated` tells them apart.
 */
export interface ReplicaStore extends EventStore {
  /**
   * Stores each event, in the order given, with its eventId, streamId, revision, origin metadata,
   * prevHash, hash and signature exactly as the origin recorded them; assigns only this node's
   * globalPosition and recordedAt. Per event (not one transaction): when one fails, the ones before
   * it stay stored and the error says which failed.
   * - an eventId already stored at the same stream, revision and hash: `duplicate`, nothing written;
   *   stored anywhere else: `DuplicateEventIdError`;
   * - revision must be exactly the stream's next: else `RevisionGapError` (the caller parks it);
   * - prevHash must be the hash of the stream's previous event and hash must match the content:
   *   else `ChainLinkError`.
   */
  appendReplicated(events: readonly EventFromPeer[]): Promise<ReplicatedAppendOutcome[]>;
}

export const canAppendReplicated = (store: EventStore): store is ReplicaStore =>
  typeof (store as Partial<ReplicaStore>).appendReplicated === 'function';

/** A replicated event whose revision is not the stream's next: earlier ones are missing (or it is stale). */
export class RevisionGapError extends EventStoreError {
  readonly code = 'REVISION_GAP';
  /** A later delivery of the missing events makes it applicable. */
  readonly retriable = true;
  constructor(
    readonly streamId: string,
    readonly revision: number,
    /** The revision the stream expects next (its last revision + 1). */
    readonly expectedRevision: number,
  ) {
    super(`stream ${streamId}: replicated revision ${revision} is not the next one (${expectedRevision})`);
    this.name = 'RevisionGapError';
  }
}

/** A replicated event that does not continue the stream's hash chain, or whose hash is not its content's. */
export class ChainLinkError extends EventStoreError {
  readonly code = 'CHAIN_LINK_BROKEN';
  readonly retriable = false;
  constructor(
    readonly streamId: string,
    readonly revision: number,
    /** `prevHash`: does not link to the previous event; `hash`: the content hashes otherwise. */
    readonly field: 'prevHash' | 'hash',
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`stream ${streamId} revision ${revision}: ${field} is ${actual}, expected ${expected}`);
    this.name = 'ChainLinkError';
  }
}
