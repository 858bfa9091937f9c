import { currentSchemaVersion, type AgreementCommand, type AgreementEvent } from '@ketnoi/domain';
import {
  StreamNotFoundError,
  type EventStore,
  type EventToAppend,
  type Json,
  type RecordedEvent,
} from '@ketnoi/event-store';
import { v7 as uuidv7 } from 'uuid';

// What the home-stream handler and the endorsement route share: the ids a command carries, what it
// returns, and how its events are read and written.

export interface CommandIds {
  readonly agreementId: string;
  /** Ties together everything one user action caused, across nodes. */
  readonly correlationId: string;
  /** The id of the command (or message) that caused these events. */
  readonly causationId: string;
}

export interface CommandOutcome {
  readonly agreementId: string;
  /** Revision of the stream's last event after the command. */
  readonly revision: number;
  /** Global position of the stream's last event, as a string (it is a 64-bit integer). */
  readonly position: string;
  readonly events: readonly RecordedEvent[];
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
