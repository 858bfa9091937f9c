import { hashEvent } from '@ketnoi/event-store';
import type { ReplicatedEvent } from '../cloudevents/index.js';

/** The event store's hash rule over a replicated event (for verifyReplicatedEvent). */
export const hashOfReplicated = (e: ReplicatedEvent): string =>
  hashEvent({
    eventId: e.eventId,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    actor: e.metadata.actor,
    actorNode: e.metadata.actorNode,
    originNode: e.metadata.originNode,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId,
    occurredAt: e.metadata.occurredAt,
    prevHash: e.metadata.prevHash,
  });
