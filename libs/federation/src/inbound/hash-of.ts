import { hashedFieldsOf, hashEvent } from '@ketnoi/event-store';
import type { ReplicatedEvent } from '../cloudevents/index.js';

/** The event store's hash rule over a replicated event (for verifyReplicatedEvent). */
export const hashOfReplicated = (e: ReplicatedEvent): string => hashEvent(hashedFieldsOf(e));
