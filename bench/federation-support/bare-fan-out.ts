import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { OutboundMessage } from '../../libs/federation/src/transport/index.js';
import { within } from './within.js';

/**
 * Baseline for the federation's convergence: the very batches the relays published, replayed by
 * one bare kafkajs producer per node (one sendBatch at a time, acks=all, as the relay) into
 * copies of the inbox topics, each read by its own bare consumer group with the same fetch wait.
 * Returns the ms from the first send to the last message consumed: Kafka's share of convergence.
 */
export async function bareFanOut(brokers: readonly string[], batchesPerNode: readonly (readonly OutboundMessage[][])[], fetchWaitMs: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-bare', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const rename = (topic: string) => `bench.bare.${topic}`;
  const topics = [...new Set(batchesPerNode.flat(2).map((m) => rename(m.topic)))];
  const total = batchesPerNode.flat(2).length;
  const producers = batchesPerNode.map(() => kafka.producer({ maxInFlightRequests: 1 }));
  const consumers: Consumer[] = [];
  let consumed = 0;
  let allConsumed!: () => void;
  const done = new Promise<void>((resolve) => (allConsumed = resolve));
  const warm = new Map<string, () => void>();
  try {
    await Promise.all(producers.map((p) => p.connect()));
    // A warm-up message per topic first: topics exist and every group has joined before timing starts.
    await producers[0]!.sendBatch({ acks: -1, topicMessages: topics.map((topic) => ({ topic, messages: [{ key: 'warm-up', value: '' }] })) });
    const joined = topics.map((topic) => new Promise<void>((resolve) => warm.set(topic, resolve)));
    // In parallel: a first join takes ~3 s on the mock (its initial rebalance delay).
    await Promise.all(
      topics.map(async (topic) => {
        const consumer = kafka.consumer({ groupId: topic, heartbeatInterval: 1000, maxWaitTimeInMs: fetchWaitMs });
        consumers.push(consumer);
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            if (message.key?.toString() === 'warm-up') return warm.get(topic)!();
            if (++consumed === total) allConsumed();
          },
        });
      }),
    );
    await within(120_000, Promise.all(joined), 'bare consumers joined their groups');
    const start = performance.now();
    await Promise.all(
      producers.map(async (producer, i) => {
        for (const batch of batchesPerNode[i]!)
          await producer.sendBatch({
            acks: -1,
            topicMessages: [...group(batch)].map(([topic, messages]) => ({ topic: rename(topic), messages })),
          });
      }),
    );
    await within(120_000, done, `bare consumers read ${total} messages`);
    return performance.now() - start;
  } finally {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await Promise.all(producers.map((p) => p.disconnect()));
  }
}

function group(batch: readonly OutboundMessage[]): Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]> {
  const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
  for (const { topic, message } of batch) {
    const list = byTopic.get(topic) ?? [];
    list.push({ key: message.key, value: message.value, headers: { ...message.headers } });
    byTopic.set(topic, list);
  }
  return byTopic;
}
