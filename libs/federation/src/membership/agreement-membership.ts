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

/** What is known of one stream: the membership after its last folded event, and after each change. */
interface StreamMembership {
  latest: MembershipAt;
  /**
   * The membership after each revision that changed it (revision 0 first), in order: answers an
   * earlier revision without a read. A relay resending a batch after a failed publish asks again
   * for revisions it has folded past; re-reading each stream from its start for every event of
   * the batch made a retry cost hundreds of times a first send.
   */
  readonly changes: MembershipAt[];
}

const sameParties = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean =>
  a.size === b.size && [...a].every((n) => b.has(n));

/**
 * Agreement membership read from the local log, folded forward from the last answer so that a
 * long stream is read once, not once per event. Only the stream's stored events count: the
 * caller folds anything it has not stored yet with `partiesAfter`.
 */
export class AgreementMembership {
  private readonly known = new Map<string, StreamMembership>();

  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  /** Membership after `revision` (-1: before the first event). */
  async at(streamId: string, revision: number): Promise<MembershipAt> {
    if (revision < 0) return NOTHING;
    const known = this.known.get(streamId);
    if (known && revision <= known.latest.revision) return membershipAt(known, revision);
    const from = known?.latest ?? NOTHING;
    const result = this.fold(streamId, await this.read(streamId, from.revision + 1, revision - from.revision));
    if (result.revision !== revision) throw new Error(`stream ${streamId}: revision ${revision} is not stored`);
    return result;
  }

  /** Membership after the last stored event (revision -1 when the stream is not here). */
  async current(streamId: string): Promise<MembershipAt> {
    const from = this.known.get(streamId)?.latest ?? NOTHING;
    return this.fold(streamId, await this.read(streamId, from.revision + 1));
  }

  /**
   * The last answer, without reading the log. Only for streams nobody else on this node writes
   * (a peer's streams, written here by the inbound alone), where the cache cannot fall behind.
   */
  cached(streamId: string): MembershipAt | undefined {
    return this.known.get(streamId)?.latest;
  }

  /** Folds the event that follows the cached revision (just stored, or just relayed) into the cache. */
  advance(streamId: string, event: StreamEvent): void {
    const latest = this.known.get(streamId)?.latest ?? NOTHING;
    if (event.revision === latest.revision + 1) this.fold(streamId, [event]);
  }

  /** Drops what is known of the stream: the next question reads it from the log again. */
  forget(streamId: string): void {
    this.known.delete(streamId);
  }

  /** Folds `events` (the ones after the known latest, in order) into what is known; returns the latest. */
  private fold(streamId: string, events: readonly StreamEvent[]): MembershipAt {
    if (events.length === 0) return this.known.get(streamId)?.latest ?? NOTHING;
    // Updated in place: `advance` runs for every event relayed or received, and this is the only
    // writer of what it keeps.
    let known = this.known.get(streamId);
    if (!known) this.known.set(streamId, (known = { latest: NOTHING, changes: [] }));
    for (const event of events) {
      const next = step(known.latest, event);
      if (known.latest.revision < 0 || !sameParties(known.latest.parties, next.parties)) known.changes.push(next);
      known.latest = next;
    }
    return known.latest;
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

/** The membership after `revision`, one the stream has already been folded past. */
function membershipAt(known: StreamMembership, revision: number): MembershipAt {
  if (revision === known.latest.revision) return known.latest;
  let change = known.changes[0]!;
  for (const c of known.changes) if (c.revision <= revision) change = c;
  return { revision, parties: change.parties, home: known.latest.home };
}

export type { MembershipEvent };
