import { endorsementStreamId } from '@ketnoi/domain';
import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@ketnoi/event-store';
import { AgreementMembership } from '../membership/agreement-membership.js';
import { partiesAfter } from '../membership/party-nodes.js';
import { federatedStream } from '../membership/streams.js';

/** Events to send to one recipient's inbox, in the order they must arrive. */
export interface Delivery {
  readonly recipient: string;
  readonly events: readonly RecordedEvent[];
}

export interface RecipientsOptions {
  readonly store: Pick<EventStore, 'readStream'>;
  readonly nodeId: string;
  /**
   * Whether a party node runs a node of its own (is in the trust registry). Many donors do not:
   * nothing is sent to an inbox nobody reads (and that ACLs would refuse).
   * @defaultValue every node
   */
  readonly isPeer?: (nodeId: string) => boolean;
}

/**
 * Who receives what for one event of the local log (docs/design.md "Federation over Kafka"):
 * - an agreement event this node originated (so it is the home) goes to the parties before and
 *   after it, except this node: a withdrawn party still learns of its withdrawal, then nothing;
 * - a party that the event adds first gets the stream's whole history (backfill);
 * - an endorsement event this node wrote goes to the agreement's current parties;
 * - a party added to an agreement homed elsewhere gets this node's endorsement stream of it;
 * - nothing else: replicated events are never relayed again (no echo, no loops).
 */
export class Recipients {
  private readonly membership: AgreementMembership;
  private readonly isPeer: (nodeId: string) => boolean;

  constructor(private readonly options: RecipientsOptions) {
    this.membership = new AgreementMembership(options.store);
    this.isPeer = options.isPeer ?? (() => true);
  }

  async of(event: RecordedEvent): Promise<Delivery[]> {
    const stream = federatedStream(event.streamId);
    if (stream === undefined) return [];
    const me = this.options.nodeId;
    const local = event.metadata.originNode === me;
    const others = (nodes: Iterable<string>) => [...nodes].filter((n) => n !== me && this.isPeer(n));

    if (stream.kind === 'endorsement') {
      if (!local) return [];
      const { parties } = await this.membership.current(stream.agreementStream);
      return others(parties).map((recipient) => ({ recipient, events: [event] }));
    }

    const before = (await this.membership.at(event.streamId, event.revision - 1)).parties;
    const after = partiesAfter(before, event);
    // The log is read in order: the next event of this stream finds its membership without a read.
    this.membership.advance(event.streamId, event);
    const newcomers = others([...after].filter((n) => !before.has(n)));
    if (!local) {
      // A partner's endorsements of an agreement homed elsewhere reach a party added later only
      // from here. Not at the draft: the draft's parties saw every endorsement as it was written.
      if (newcomers.length === 0 || event.revision === 0) return [];
      const mine = await this.readAll(endorsementStreamId(stream.agreementId, me));
      return mine.length === 0 ? [] : newcomers.map((recipient) => ({ recipient, events: mine }));
    }
    const history = newcomers.length > 0 ? await this.readAll(event.streamId, event.revision) : [];
    return others(new Set([...before, ...after])).map((recipient) => ({
      recipient,
      events: newcomers.includes(recipient) ? [...history, event] : [event],
    }));
  }

  private async readAll(streamId: string, maxCount?: number): Promise<RecordedEvent[]> {
    if (maxCount === 0) return [];
    try {
      return await this.options.store.readStream(streamId, maxCount === undefined ? {} : { maxCount });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
