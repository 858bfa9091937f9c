import { isEndorsementFact, parseEndorsementStreamId, upcast, type AgreementCommand } from '@ketnoi/domain';
import type { RecordedEvent } from '@ketnoi/event-store';

/** What a partner's endorsement asks of the home: the command and the agreement it is about. */
export interface EndorsementRequest {
  readonly agreementId: string;
  /** The endorsing party: the only node that writes this endorsement stream. */
  readonly party: string;
  readonly command: AgreementCommand;
}

/**
 * The home-stream command an endorsement event stands for, or undefined for anything that is not
 * an endorsement fact (another stream, or a type partners do not endorse with).
 *
 * The command is the party's own, replayed here: actor and time are the endorsement's (so the
 * home decides exactly what the party decided, and a replay decides it the same way), and the
 * acting node is the endorsement's origin, which the inbound side verified by signature. A
 * partner that countersigned for someone else is therefore refused by the domain's own rule
 * (only the home signs on behalf), not trusted.
 */
export function endorsementRequest(event: RecordedEvent): EndorsementRequest | undefined {
  const stream = parseEndorsementStreamId(event.streamId);
  if (!stream || !isEndorsementFact(event.type)) return undefined;
  const metadata = {
    actor: event.metadata.actor,
    actorNode: event.metadata.originNode,
    now: event.metadata.occurredAt,
  };
  const fact = upcast(event);
  const request = (command: AgreementCommand): EndorsementRequest => ({
    agreementId: stream.agreementId,
    party: stream.nodeId,
    command,
  });
  switch (fact.type) {
    case 'AgreementCountersigned':
      return request({ type: 'CountersignAgreement', data: { party: fact.data.party }, metadata });
    case 'MilestoneReported': {
      const { milestoneId, outcome, note, reportedOn } = fact.data;
      return request({
        type: 'ReportMilestone',
        data: { milestoneId, outcome, reportedOn, ...(note !== undefined && { note }) },
        metadata,
      });
    }
    case 'NoteRecorded':
      return request({
        type: 'RecordNote',
        data: { noteId: fact.data.noteId, text: fact.data.text },
        metadata,
      });
    default:
      return undefined;
  }
}
