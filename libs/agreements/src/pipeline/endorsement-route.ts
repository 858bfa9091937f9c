import {
  decide,
  DomainError,
  ENDORSEMENT_COMMANDS,
  endorsementStreamId,
  isEndorsementCommand,
  isEndorsementFact,
  evolve,
  upcast,
  type Agreement,
  type AgreementCommand,
  type AgreementEvent,
  type ExistingAgreement,
} from '@ketnoi/domain';
import type { EventStore, RecordedEvent } from '@ketnoi/event-store';
import {
  readStreamOrEmpty,
  toAppend,
  type CommandOutcome,
  type HandleCommandOptions,
} from './handle-agreement-command.js';

/** An agreement this node holds as a replica: drafted on another node, which alone writes its stream. */
export const isHomedElsewhere = (state: Agreement, thisNode: string): state is ExistingAgreement =>
  state.status !== 'NONE' && state.homeNode !== thisNode;

/**
 * A party's command on a replicated agreement: decided against the home stream as replicated here
 * plus this node's endorsements the home has not answered yet (so a second countersignature is
 * refused before the first one came back), and appended to `endorsement-<agreementId>-<thisNode>`,
 * the one stream this node writes about the agreement; the relay carries it to the home.
 *
 * Any other command is refused with HOME_NODE_REQUIRED (422): the request is well formed and no
 * concurrent write is involved (409 is for a stale `If-Match` or something already recorded);
 * it breaks a rule that retrying here can never satisfy, so the client must send it to the home.
 */
export async function recordEndorsement(
  store: EventStore,
  command: AgreementCommand,
  home: ExistingAgreement,
  homeEvents: readonly RecordedEvent[],
  { ids, originNode }: HandleCommandOptions,
): Promise<CommandOutcome> {
  if (!isEndorsementCommand(command.type)) {
    throw new DomainError(
      'HOME_NODE_REQUIRED',
      `agreement ${ids.agreementId} is homed at ${home.homeNode}; only that node records ${command.type}. ` +
        `This node (${originNode}) may only ${ENDORSEMENT_COMMANDS.join(', ')}`,
    );
  }
  const streamId = endorsementStreamId(ids.agreementId, originNode);
  const endorsements = await readStreamOrEmpty(store, streamId);
  const state = unanswered(endorsements, homeEvents).reduce<Agreement>(
    (folded, event) => evolve(folded, upcast(event)),
    home,
  );
  const facts = decide(command, state).filter((event: AgreementEvent) => isEndorsementFact(event.type));
  const homeRevision = homeEvents.length - 1;
  if (facts.length === 0) {
    return {
      agreementId: ids.agreementId,
      revision: homeRevision,
      position: lastPosition(endorsements),
      events: [],
    };
  }
  const appended = await store.appendToStream(
    streamId,
    facts.map((event) => toAppend(event, command, ids, originNode)),
    { expectedRevision: endorsements.length === 0 ? 'no_stream' : endorsements.length - 1 },
  );
  // The agreement's revision is still the home's: an ETag/If-Match names the agreement, not this stream.
  return {
    agreementId: ids.agreementId,
    revision: homeRevision,
    position: appended.position.toString(),
    events: appended.events,
  };
}

/** Endorsements the home stream has not recorded yet: the home's answer is caused by the endorsement. */
function unanswered(
  endorsements: readonly RecordedEvent[],
  homeEvents: readonly RecordedEvent[],
): RecordedEvent[] {
  const answered = new Set(homeEvents.map((event) => event.metadata.causationId));
  return endorsements.filter((event) => !answered.has(event.eventId));
}

const lastPosition = (events: readonly RecordedEvent[]): string =>
  (events.at(-1)?.globalPosition ?? 0n).toString();
