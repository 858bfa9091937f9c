import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@ketnoi/event-store';
import { partiesAfter, type MembershipEvent } from './party-nodes.js';

/** Who is party to an agreement after a given revision, and which node is its home. */
export interface MembershipAt {
  readonly revision: number;
  readonly parties: ReadonlySet<string>;
  /** originNode of revision 0; undefined before it. */
  readonly home: string | undefined;
}

const NOTHING: MembershipAt = { revision: -1, parties: new Set(), home: undefined };

/** What folding needs of an event: stored here (RecordedEvent) or just received (ReplicatedEvent). */
export interface StreamEvent extends MembershipEvent {
  readonly revision: number;
  readonly metadata: { readonly originNode: string };
}

const step = (m: MembershipAt, e: StreamEvent): MembershipAt => ({
  revision: e.revision,
  parties: partiesAfter(m.parties, e),
  home: m.home ?? e.metadata.originNode,
});

/**
 * Agreement membership read from the local log, folded forward from the last answer so that a
 * long stream is read once, not once per event. Only the stream's stored events count: the
 * caller folds anything it has not stored yet with `partiesAfter`.
 */
export class AgreementMembership {
  private readonly known = new Map<string, MembershipAt>();

  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  /** Membership after `revision` (-1: before the first event). */
  async at(streamId: string, revision: number): Promise<MembershipAt> {
    if (revision < 0) return NOTHING;
    const cached = this.known.get(streamId) ?? NOTHING;
    if (cached.revision === revision) return cached;
    const from = cached.revision < revision ? cached : NOTHING;
    const events = await this.read(streamId, from.revision + 1, revision - from.revision);
    const result = events.reduce(step, from);
    if (result.revision !== revision) throw new Error(`stream ${streamId}: revision ${revision} is not stored`);
    if (result.revision > cached.revision) this.known.set(streamId, result);
    return result;
  }

  /** Membership after the last stored event (revision -1 when the stream is not here). */
  async current(streamId: string): Promise<MembershipAt> {
    const cached = this.known.get(streamId) ?? NOTHING;
    const events = await this.read(streamId, cached.revision + 1);
    const result = events.reduce(step, cached);
    if (result.revision > cached.revision) this.known.set(streamId, result);
    return result;
  }

  /**
   * The last answer, without reading the log. Only for streams nobody else on this node writes
   * (a peer's streams, written here by the inbound alone), where the cache cannot fall behind.
   */
  cached(streamId: string): MembershipAt | undefined {
    return this.known.get(streamId);
  }

  /** Folds the event that follows the cached revision (just stored, or just relayed) into the cache. */
  advance(streamId: string, event: StreamEvent): void {
    const cached = this.known.get(streamId) ?? NOTHING;
    if (event.revision === cached.revision + 1) this.known.set(streamId, step(cached, event));
  }

  private async read(streamId: string, fromRevision: number, maxCount?: number): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId, { fromRevision, ...(maxCount === undefined ? {} : { maxCount }) });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}

export type { MembershipEvent };
