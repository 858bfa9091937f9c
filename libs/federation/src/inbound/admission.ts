import type { ReplicatedEvent } from '../cloudevents/index.js';
import type { AgreementMembership } from '../membership/agreement-membership.js';
import { partiesAfter } from '../membership/party-nodes.js';
import type { FederatedStream } from '../membership/streams.js';
import type { Refusal } from '../quarantine/quarantine-store.js';

/** What to do with a verified event that is its stream's next revision. */
export type Admission =
  | { readonly kind: 'apply' }
  | { readonly kind: 'wait'; readonly waitingFor: string }
  | { readonly kind: 'refuse'; readonly refusal: Refusal };

const refuse = (event: ReplicatedEvent, code: Refusal['code'], reason: string): Admission => ({
  kind: 'refuse',
  refusal: { code, reason, eventId: event.eventId, streamId: event.streamId },
});

/**
 * Who may say what, checked when the event is next in its stream (so its predecessors are here):
 * - an agreement stream is written only by its home, the originNode of revision 0, which must be an
 *   AgreementDrafted naming that home;
 * - an endorsement stream only by its endorsing node (checked on receipt), a party of the agreement;
 * - this node must be a party. A node invited later receives the history before its invitation
 *   (backfill), so an event it is not yet party to waits for a later one that makes it a party
 *   (`later`: the stream's parked events after this one, in revision order).
 * Where this node cannot know yet (the agreement has not arrived, or its view of the parties may be
 * behind the home's), the event waits instead of being refused. Only the home knows for sure who
 * its parties are, so only the home refuses an endorsement from a non-party.
 */
export async function admit(
  event: ReplicatedEvent,
  stream: FederatedStream,
  me: string,
  membership: AgreementMembership,
  later: () => Promise<ReplicatedEvent[]>,
): Promise<Admission> {
  const origin = event.metadata.originNode;
  if (stream.kind === 'agreement') {
    let before: ReadonlySet<string> = new Set();
    if (event.revision === 0) {
      if (event.type !== 'AgreementDrafted')
        return refuse(event, 'NOT_A_DRAFT', `revision 0 of ${event.streamId} is ${event.type}, not AgreementDrafted`);
      const home = (event.data as { homeNode?: unknown } | null)?.homeNode;
      if (home !== origin)
        return refuse(event, 'ORIGIN_NOT_HOME', `${origin} drafted ${event.streamId} naming ${String(home)} as its home`);
    } else {
      const m = await membership.at(event.streamId, event.revision - 1);
      if (origin !== m.home)
        return refuse(event, 'ORIGIN_NOT_HOME', `${origin} wrote ${event.streamId}, whose home is ${String(m.home)}`);
      before = m.parties;
    }
    let parties = partiesAfter(before, event);
    if (before.has(me) || parties.has(me)) return { kind: 'apply' };
    for (const next of await later()) {
      parties = partiesAfter(parties, next);
      if (parties.has(me)) return { kind: 'apply' };
    }
    return { kind: 'wait', waitingFor: `an event of ${event.streamId} that makes ${me} a party` };
  }

  const agreement = await membership.current(stream.agreementStream);
  if (agreement.revision < 0) return { kind: 'wait', waitingFor: `the agreement stream ${stream.agreementStream}` };
  if (!agreement.parties.has(me)) return { kind: 'wait', waitingFor: `${me} to be a party of ${stream.agreementStream}` };
  if (!agreement.parties.has(stream.endorser)) {
    if (agreement.home === me)
      return refuse(event, 'ENDORSER_NOT_PARTY', `${stream.endorser} is not a party of ${stream.agreementStream}`);
    return { kind: 'wait', waitingFor: `${stream.endorser} to be a party of ${stream.agreementStream}` };
  }
  return { kind: 'apply' };
}
