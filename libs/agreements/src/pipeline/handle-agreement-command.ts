import {
  agreementStreamId,
  currentSchemaVersion,
  decide,
  fold,
  upcast,
  type AgreementCommand,
  type AgreementEvent,
} from '@ketnoi/domain';
import {
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type Json,
  type RecordedEvent,
} from '@ketnoi/event-store';
import { v7 as uuidv7 } from 'uuid';
import type { CommandAuthorizer } from './authorize-command.js';
import { isHomedElsewhere, recordEndorsement } from './endorsement-route.js';

export interface CommandIds {
  readonly agreementId: string;
  /** Ties together everything one user action caused, across nodes. */
  readonly correlationId: string;
  /** The id of the command (or message) that caused these events. */
  readonly causationId: string;
}

export interface HandleCommandOptions {
  /** The revision the client last read (`If-Match`). @defaultValue the revision just read */
  readonly expectedRevision?: number;
  readonly ids: CommandIds;
  /** This node: the origin of the events it records. */
  readonly originNode: string;
  /** The caller's rights (docs/access-control.md); absent for the node's own process managers. */
  readonly authorize?: CommandAuthorizer;
}

export interface CommandOutcome {
  readonly agreementId: string;
  /** Revision of the stream's last event after the command. */
  readonly revision: number;
  /** Global position of the stream's last event, as a string (it is a 64-bit integer). */
  readonly position: string;
  readonly events: readonly RecordedEvent[];
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

/** A stream that does not exist yet is the agreement's initial state, not an error. */
export async function readStreamOrEmpty(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

export function toAppend(
  event: AgreementEvent,
  command: AgreementCommand,
  ids: CommandIds,
  originNode: string,
): EventToAppend {
  return {
    eventId: uuidv7(),
    type: event.type,
    schemaVersion: currentSchemaVersion(event.type),
    data: event.data as unknown as Json,
    metadata: {
      actor: command.metadata.actor,
      actorNode: command.metadata.actorNode,
      originNode,
      correlationId: ids.correlationId,
      causationId: ids.causationId,
      occurredAt: command.metadata.now,
    },
  };
}
