import {
  ChainLinkError,
  DuplicateEventIdError,
  RevisionGapError,
  type ReplicaStore,
  type SqlClient,
} from '@ketnoi/event-store';
import { decodeMessage, type ReplicatedEvent } from '../cloudevents/index.js';
import { AgreementMembership } from '../membership/agreement-membership.js';
import { federatedStream, type FederatedStream } from '../membership/streams.js';
import type { FederationMetrics } from '../metrics/federation-metrics.js';
import { fromMessageRecord, toMessageRecord, type MessageRecord } from '../quarantine/message-record.js';
import { QuarantineStore, type Refusal } from '../quarantine/quarantine-store.js';
import type { InboxConsumer, InboxMessage } from '../transport/transport.js';
import type { TrustRegistry } from '../trust/trust-registry.js';
import { verifyReplicatedEvent, verifyReplicatedEventOffThread, type Verification } from '../verify/verify-replicated-event.js';
import { admit } from './admission.js';
import { hashOfReplicated } from './hash-of.js';
import { ParkedEvents } from './parked-events.js';

export type InboundOutcome =
  /** Stored, with `followers` parked events of the same or dependent streams it unblocked. */
  | { readonly kind: 'applied'; readonly eventId: string; readonly followers: number }
  | { readonly kind: 'duplicate'; readonly eventId: string }
  | { readonly kind: 'parked'; readonly eventId: string; readonly waitingFor: string }
  | { readonly kind: 'quarantined'; readonly id: string; readonly code: Refusal['code']; readonly reason: string };

export interface InboundOptions {
  readonly store: ReplicaStore;
  readonly sql: SqlClient;
  readonly nodeId: string;
  readonly trust: TrustRegistry;
  /** Absent in tests that hand messages to `receive` directly. */
  readonly consumer?: InboxConsumer;
  readonly metrics?: FederationMetrics;
  readonly clock?: () => Date;
  readonly log?: (line: string) => void;
}

/** An event that passed the checks on the message alone, with the stream it belongs to. */
type AcceptedEvent = ReplicatedEvent & { stream: FederatedStream };

/** An event of a consumed batch held to be stored with others, and where its outcome goes. */
interface Gathered {
  readonly event: AcceptedEvent;
  readonly message: InboxMessage;
  readonly index: number;
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

/**
 * Inbound half of the federation: every message of this node's inbox is decoded, verified against
 * the trust registry, checked for who may write its stream, deduplicated by eventId and stored in
 * revision order through `appendReplicated`; an event that arrives early is parked until its
 * predecessors are stored. A message that fails any check goes to the quarantine table, and the
 * consumer goes on. Messages are handled one at a time (consumer and quarantine retries share one
 * queue), so two deliveries of one stream never race.
 */
export class Inbound {
  readonly quarantine: QuarantineStore;
  private readonly parked: ParkedEvents;
  private readonly membership: AgreementMembership;
  private readonly clock: () => Date;
  private readonly log: (line: string) => void;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: InboundOptions) {
    this.quarantine = new QuarantineStore(options.sql);
    this.parked = new ParkedEvents(options.sql);
    this.membership = new AgreementMembership(options.store);
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log ?? ((line) => void process.stderr.write(`${line}\n`));
  }

  async start(): Promise<void> {
    if (!this.options.consumer) throw new Error('consumer: the inbound was built without an inbox consumer');
    await this.options.consumer.start(async (messages) => void (await this.receiveAll(messages)));
  }

  async stop(): Promise<void> {
    await this.options.consumer?.stop();
    await this.queue.catch(() => undefined);
  }

  /** Handles one inbox message. Rejects only when storage fails (the consumer then redelivers it). */
  receive(message: InboxMessage): Promise<InboundOutcome> {
    return this.serially(() => this.handle(message, toMessageRecord(message)));
  }

  /**
   * Handles the messages of one consumed batch, in order, with the outcomes `receive` would give
   * each. Each stream's next events that the membership cache can admit on its own are stored
   * together, in one statement: storing one event costs PGlite about 300 us, most of it the
   * statement, not the row. Anything else (a refusal, a gap, a stream not in the cache, parked
   * events waiting) first stores what was gathered, then takes the one-message path.
   */
  receiveAll(messages: readonly InboxMessage[]): Promise<InboundOutcome[]> {
    return this.serially(async () => {
      const outcomes: InboundOutcome[] = [];
      let gathered: Gathered[] = [];
      const storeGathered = async () => {
        if (gathered.length === 0) return;
        const batch = gathered;
        gathered = [];
        for (const [i, outcome] of (await this.storeTogether(batch)).entries()) outcomes[batch[i]!.index] = outcome;
      };
      // Every message's checks start at once: the signatures are verified side by side on the
      // thread pool while this thread places the events in order.
      const accepted = messages.map((m) => this.acceptOffThread(m));
      // Awaited in order below; one that fails after an earlier message threw must not go unhandled.
      for (const a of accepted) a.catch(() => undefined);
      // The message's record (its bytes in base64) is made only where it may be kept: parked or
      // quarantined, never for the events stored together.
      for (const [i, message] of messages.entries()) {
        const event = await accepted[i]!;
        if (event instanceof Refused) {
          await storeGathered();
          outcomes.push(await this.refuse(toMessageRecord(message), event.refusal));
          continue;
        }
        if (await this.admittedFromCache(event)) {
          gathered.push({ event, message, index: outcomes.length });
          outcomes.length++;
          continue;
        }
        await storeGathered();
        outcomes.push(await this.placeOrRefuse(event, toMessageRecord(message)));
      }
      await storeGathered();
      this.options.metrics?.inboundParked.set(await this.parked.count());
      return outcomes;
    });
  }

  /** Runs a quarantined message through the checks again; undefined when there is no such id. */
  retry(id: string): Promise<InboundOutcome | undefined> {
    return this.serially(async () => {
      const row = await this.quarantine.get(id);
      if (!row) return undefined;
      return this.handle(fromMessageRecord(row.message), row.message, id);
    });
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handle(message: InboxMessage, record: MessageRecord, quarantineId?: string): Promise<InboundOutcome> {
    const outcome = await this.settle(record, () => this.place(this.accept(message), record), quarantineId);
    if (quarantineId !== undefined && outcome.kind !== 'quarantined') await this.quarantine.remove(quarantineId);
    this.options.metrics?.inboundParked.set(await this.parked.count());
    return outcome;
  }

  private placeOrRefuse(event: AcceptedEvent, record: MessageRecord): Promise<InboundOutcome> {
    return this.settle(record, () => this.place(event, record));
  }

  /** What `work` gives, or the message quarantined when it refused. */
  private async settle(record: MessageRecord, work: () => Promise<InboundOutcome>, quarantineId?: string): Promise<InboundOutcome> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      return this.refuse(record, error.refusal, quarantineId);
    }
  }

  /**
   * True when the event is the next revision of a stream whose head and membership are cached, and
   * admitted by them alone; it is then folded into the cache ahead of being stored, so that the
   * stream's following event is judged on it. With events parked, every message takes the
   * one-message path, which drains them.
   */
  private async admittedFromCache(event: AcceptedEvent): Promise<boolean> {
    if (await this.parked.any()) return false;
    const head = this.membership.cached(event.streamId);
    if (!head || event.revision !== head.revision + 1) return false;
    // No later events to look at: one that would need them (not yet a party) takes the long path.
    const admission = await admit(event, event.stream, this.options.nodeId, this.membership, async () => []);
    if (admission.kind !== 'apply') return false;
    this.membership.advance(event.streamId, event);
    return true;
  }

  /**
   * Stores gathered events in one call. When the store refuses (another writer, a fault), the cache
   * has run ahead of the log: it forgets those streams, and each event takes the one-message path,
   * where the ones stored meanwhile come out as duplicates.
   */
  private async storeTogether(gathered: readonly Gathered[]): Promise<InboundOutcome[]> {
    let results;
    try {
      results = await this.options.store.appendReplicated(gathered.map((g) => g.event));
    } catch {
      for (const streamId of new Set(gathered.map((g) => g.event.streamId))) this.membership.forget(streamId);
      const outcomes: InboundOutcome[] = [];
      for (const { event, message } of gathered) outcomes.push(await this.placeOrRefuse(event, toMessageRecord(message)));
      return outcomes;
    }
    return results.map(({ outcome, event }) => {
      if (outcome === 'duplicate') {
        this.options.metrics?.inboundDuplicates.inc();
        return { kind: 'duplicate', eventId: event.eventId };
      }
      this.options.metrics?.inboundApplied.inc({ origin: event.metadata.originNode });
      return { kind: 'applied', eventId: event.eventId, followers: 0 };
    });
  }

  /** The checks that need nothing but the message and the trust registry. */
  private accept(message: InboxMessage): AcceptedEvent {
    const event = this.decode(message);
    return this.judge(event, verifyReplicatedEvent(event, this.options.trust, hashOfReplicated));
  }

  /** `accept` with the signature checked on libuv's thread pool; a refusal is returned, not thrown. */
  private async acceptOffThread(message: InboxMessage): Promise<AcceptedEvent | Refused> {
    try {
      const event = this.decode(message);
      return this.judge(event, await verifyReplicatedEventOffThread(event, this.options.trust, hashOfReplicated));
    } catch (error) {
      if (error instanceof Refused) return error;
      throw error;
    }
  }

  private decode(message: InboxMessage): ReplicatedEvent {
    try {
      return decodeMessage(message);
    } catch (error) {
      throw new Refused({ code: 'INVALID_MESSAGE', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The verification's verdict, then who may write the event's stream. */
  private judge(event: ReplicatedEvent, verdict: Verification): AcceptedEvent {
    const ids = { eventId: event.eventId, streamId: event.streamId };
    if (!verdict.ok) throw new Refused({ code: verdict.reason, reason: verdict.detail, ...ids });
    const stream = federatedStream(event.streamId);
    if (!stream)
      throw new Refused({ code: 'UNKNOWN_STREAM', reason: `${event.streamId} is neither an agreement nor an endorsement stream`, ...ids });
    const origin = event.metadata.originNode;
    if (origin === this.options.nodeId)
      throw new Refused({ code: 'ORIGIN_IS_THIS_NODE', reason: `${event.eventId} claims to come from this node`, ...ids });
    if (stream.kind === 'endorsement' && origin !== stream.endorser)
      throw new Refused({ code: 'ORIGIN_NOT_ENDORSER', reason: `${origin} wrote ${event.streamId}, which only ${stream.endorser} writes`, ...ids });
    return Object.assign(event, { stream });
  }

  private async place(event: AcceptedEvent, record: MessageRecord): Promise<InboundOutcome> {
    const head = (await this.head(event.streamId)).revision;
    if (event.revision <= head) return this.storeKnownRevision(event);
    if (event.revision > head + 1) return this.park(event, record, `revision ${head + 1} of ${event.streamId}`);
    const admission = await admit(event, event.stream, this.options.nodeId, this.membership, () =>
      this.parked.after(event.streamId, event.revision),
    );
    if (admission.kind === 'refuse') throw new Refused(admission.refusal);
    if (admission.kind === 'wait') return this.park(event, record, admission.waitingFor);
    await this.store(event);
    const followers = await this.drain(event.streamId, true);
    return { kind: 'applied', eventId: event.eventId, followers };
  }

  /**
   * Parks the event, then looks at its stream again: an event parked earlier may have waited for
   * exactly this one (a backfill waits for the invitation that makes this node a party).
   */
  private async park(event: AcceptedEvent, record: MessageRecord, waitingFor: string): Promise<InboundOutcome> {
    await this.parked.park(event, event.stream.agreementStream, record, waitingFor, this.now());
    const stored = await this.drain(event.streamId, false);
    if (stored > 0 && !(await this.parked.has(event.eventId))) return { kind: 'applied', eventId: event.eventId, followers: stored - 1 };
    return { kind: 'parked', eventId: event.eventId, waitingFor };
  }

  /** A revision this node already holds: the same event again (a duplicate) or a conflicting one. */
  private async storeKnownRevision(event: ReplicatedEvent): Promise<InboundOutcome> {
    const [result] = await this.appendOrRefuse(event);
    this.options.metrics?.inboundDuplicates.inc();
    await this.parked.remove(event.eventId);
    return { kind: 'duplicate', eventId: result!.event.eventId };
  }

  /**
   * Membership and head of a peer's stream. The inbound is the only writer of the streams it
   * stores (accept() refused this node's own), so after the first read the cache is the truth.
   */
  private async head(streamId: string) {
    return this.membership.cached(streamId) ?? (await this.membership.current(streamId));
  }

  private async store(event: ReplicatedEvent): Promise<void> {
    const [result] = await this.appendOrRefuse(event);
    this.membership.advance(event.streamId, event);
    if (result!.outcome === 'stored') this.options.metrics?.inboundApplied.inc({ origin: event.metadata.originNode });
    else this.options.metrics?.inboundDuplicates.inc();
  }

  private async appendOrRefuse(event: ReplicatedEvent) {
    const ids = { eventId: event.eventId, streamId: event.streamId };
    try {
      return await this.options.store.appendReplicated([event]);
    } catch (error) {
      if (error instanceof DuplicateEventIdError)
        throw new Refused({ code: 'CONFLICT', reason: `event ${event.eventId} is stored here at another place`, ...ids });
      if (error instanceof RevisionGapError)
        throw new Refused({ code: 'CONFLICT', reason: `revision ${event.revision} of ${event.streamId} holds another event here`, ...ids });
      if (error instanceof ChainLinkError) throw new Refused({ code: 'CHAIN_LINK_BROKEN', reason: error.message, ...ids });
      throw error;
    }
  }

  /**
   * Applies the parked events of `streamId` that are now next, in revision order; then, when the
   * agreement stream moved (`moved`, or anything stored here), the parked events of its
   * endorsement streams, which may have been waiting for it. Returns how many were stored.
   */
  private async drain(streamId: string, moved: boolean): Promise<number> {
    let stored = 0;
    for (let before = -1; before !== stored; ) {
      before = stored;
      if (!(await this.parked.any())) break;
      for (const { event, record } of await this.parked.of(streamId)) {
        const head = (await this.head(streamId)).revision;
        if (event.revision > head + 1) break;
        try {
          if (event.revision <= head) {
            await this.storeKnownRevision(event);
            continue;
          }
          const admission = await admit(event, federatedStream(streamId)!, this.options.nodeId, this.membership, () =>
            this.parked.after(streamId, event.revision),
          );
          if (admission.kind === 'wait') {
            await this.parked.waitFor(event.eventId, admission.waitingFor);
            break;
          }
          if (admission.kind === 'refuse') throw new Refused(admission.refusal);
          await this.store(event);
          await this.parked.remove(event.eventId);
          stored++;
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
          await this.refuse(record, error.refusal);
          await this.parked.remove(event.eventId);
        }
      }
    }
    if (federatedStream(streamId)?.kind === 'agreement' && (moved || stored > 0) && (await this.parked.any())) {
      for (const dependent of await this.parked.dependentsOf(streamId)) stored += await this.drain(dependent, false);
    }
    return stored;
  }

  private async refuse(record: MessageRecord, refusal: Refusal, quarantineId?: string): Promise<InboundOutcome> {
    let id = quarantineId;
    if (id === undefined) id = await this.quarantine.add(record, refusal, this.now());
    else await this.quarantine.refusedAgain(id, refusal);
    this.options.metrics?.quarantined.inc({ reason: refusal.code });
    this.log(`federation inbound: quarantined ${record.topic}/${record.partition}@${record.offset} (${refusal.code}): ${refusal.reason}`);
    return { kind: 'quarantined', id, code: refusal.code, reason: refusal.reason };
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
