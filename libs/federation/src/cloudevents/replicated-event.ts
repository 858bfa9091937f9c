import type { RecordedEvent, RecordedMetadata } from '@ketnoi/event-store';

/**
 * An event as it crosses from one node to another: the envelope minus what is node-local
 * (`globalPosition`, `recordedAt`), which the receiving store assigns.
 */
export interface ReplicatedEvent extends Omit<RecordedEvent, 'globalPosition' | 'metadata'> {
  readonly metadata: Omit<RecordedMetadata, 'recordedAt'>;
}
