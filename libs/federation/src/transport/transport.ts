import type { EncodedKafkaMessage, KafkaHeaderValue } from '../cloudevents/index.js';

/**
 * The federation's view of Kafka: publish to inboxes, consume one's own. kafkajs is in maintenance
 * mode, so the relay and the inbound depend on this port only; `kafkajs-transport.ts` is the one
 * adapter (`@confluentinc/kafka-javascript` offers a kafkajs-compatible API for another).
 */
export interface OutboundMessage {
  readonly topic: string;
  readonly message: EncodedKafkaMessage;
}

export interface Publisher {
  /**
   * Sends the messages, keeping their order per topic and key, and resolves only when every
   * broker acknowledged with acks=all. Rejects when any was not acknowledged: the caller resends
   * all of them (the inbound dedupes).
   */
  publish(messages: readonly OutboundMessage[]): Promise<void>;
  /** Creates topics that do not exist yet, where the cluster allows it (a no-op when configured off). */
  ensureTopics(topics: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** A record read from this node's inbox, with where it came from (kept with quarantined messages). */
export interface InboxMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, KafkaHeaderValue>>;
}

export interface InboxConsumer {
  /**
   * Starts delivering the inbox in order per partition, a batch at a time: consecutive messages of
   * one partition. A batch's offsets are committed only after `handle` resolved for it; when
   * `handle` rejects (storage down), the batch is delivered again later, never skipped.
   */
  start(handle: (messages: readonly InboxMessage[]) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}
