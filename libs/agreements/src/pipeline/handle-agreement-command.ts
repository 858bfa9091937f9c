import { agreementStreamId, decide, fold, upcast, type AgreementCommand } from '@ketnoi/domain';
import { WrongExpectedRevisionError, type EventStore } from '@ketnoi/event-store';
import type { CommandAuthorizer } from './authorize-command.js';
import { readStreamOrEmpty, toAppend, type CommandIds, type CommandOutcome } from './command-outcome.js';
import { isHomedElsewhere, recordEndorsement } from './endorsement-route.js';

export interface HandleCommandOptions {
  /** The revision the client last read (`If-Match`). @defaultValue the revision just read */
  readonly expectedRevision?: number;
  readonly ids: CommandIds;
  /** This node: the origin of the events it records. */
  readonly originNode: string;
  /** The caller's rights (docs/access-control.md); absent for the node's own process managers. */
  readonly authorize?: CommandAuthorizer;
}

/**
 * The one command handler: read the stream, fold it, decide, append. The append expects the
 * revision the decision was made on (the client's `If-Match`, else the one just read), so a
 * concurrent writer makes this append fail with `WrongExpectedRevisionError`, never overwrite.
 */
export async function handleAgreementCommand(
  store: EventStore,
  command: AgreementCommand,
  options: HandleCommandOptions,
): Promise<CommandOutcome> {
  const { expectedRevision, ids, originNode } = options;
  const streamId = agreementStreamId(ids.agreementId);
  const recorded = await readStreamOrEmpty(store, streamId);
  const currentRevision = recorded.length - 1;
  const state = fold(recorded.map((event) => upcast(event)));
  // Authorization first: a caller who may not see the agreement learns nothing of its revision.
  options.authorize?.(command, state);
  if (expectedRevision !== undefined && expectedRevision !== currentRevision) {
    throw new WrongExpectedRevisionError(streamId, expectedRevision, currentRevision);
  }
  // A replicated agreement: this node writes only its own endorsement stream (docs/design.md, Events).
  if (isHomedElsewhere(state, originNode)) return recordEndorsement(store, command, state, recorded, options);
  const decided = decide(command, state);
  if (decided.length === 0) {
    const last = recorded.at(-1);
    return {
      agreementId: ids.agreementId,
      revision: currentRevision,
      position: (last?.globalPosition ?? 0n).toString(),
      events: [],
    };
  }
  const appended = await store.appendToStream(
    streamId,
    decided.map((event) => toAppend(event, command, ids, originNode)),
    { expectedRevision: currentRevision < 0 ? 'no_stream' : currentRevision },
  );
  return {
    agreementId: ids.agreementId,
    revision: appended.nextExpectedRevision,
    position: appended.position.toString(),
    events: appended.events,
  };
}
