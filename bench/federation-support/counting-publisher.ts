import type { OutboundMessage, Publisher } from '../../libs/federation/src/transport/index.js';

/** What went to the broker through one or more publishers. */
export interface BrokerTraffic {
  messages: number;
  /** Key + value + header names and values: the record payload, before Kafka's batch framing. */
  bytes: number;
  /** Each acknowledged batch as published, when the caller wants to replay them (a baseline). */
  readonly batches?: OutboundMessage[][];
}

export const emptyTraffic = (keepBatches = false): BrokerTraffic => ({ messages: 0, bytes: 0, ...(keepBatches ? { batches: [] } : {}) });

/**
 * The Publisher port with a tally of what it published. Counted only once `publish` resolved
 * (acknowledged), so a batch the relay resends after a failure counts each time it was acked. The
 * mock cluster exposes no broker-side metrics, so the client side is where traffic is visible.
 */
export function countingPublisher(inner: Publisher, traffic: BrokerTraffic): Publisher {
  return {
    async publish(messages: readonly OutboundMessage[]) {
      await inner.publish(messages);
      traffic.messages += messages.length;
      traffic.batches?.push([...messages]);
      for (const { message } of messages) traffic.bytes += payloadBytes(message);
    },
    ensureTopics: (topics) => inner.ensureTopics(topics),
    close: () => inner.close(),
  };
}

export function payloadBytes(message: OutboundMessage['message']): number {
  let bytes = Buffer.byteLength(message.key) + message.value.length;
  for (const [name, value] of Object.entries(message.headers)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}
