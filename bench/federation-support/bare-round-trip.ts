import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { EncodedKafkaMessage } from '../../libs/federation/src/cloudevents/index.js';
import { fireAtRate } from './open-loop.js';
import { within } from './within.js';

/**
 * Baseline for the federation's end-to-end latency: `count` copies of `message` sent one by one at
 * `perSecond` by a bare kafkajs producer (acks=all, one request in flight, as the relay's
 * publisher), read by a bare kafkajs consumer on the same broker. Returns each message's time from
 * the send call to its arrival in `eachMessage`, in ms.
 */
export async function bareRoundTrip(
  brokers: readonly string[],
  message: EncodedKafkaMessage,
  load: { count: number; perSecond: number; maxWaitTimeMs: number },
): Promise<number[]> {
  const { count, perSecond } = load;
  const kafka = new Kafka({ clientId: 'bench-bare', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const topic = `bench.latency.${randomUUID().slice(0, 8)}`;
  const producer = kafka.producer({ maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: topic, heartbeatInterval: 1000, maxWaitTimeInMs: load.maxWaitTimeMs });
  const sentAt: number[] = [];
  const latencies: number[] = [];
  // seq -1 is a warm-up: once it arrives the topic exists and the group has its partitions.
  const arrived = new Map<number, () => void>();
  const arrival = (seq: number) => new Promise<void>((resolve) => arrived.set(seq, resolve));
  const send = (seq: number) =>
    producer.send({ topic, acks: -1, messages: [{ key: message.key, value: message.value, headers: { ...message.headers, 'bench-seq': String(seq) } }] });
  await producer.connect();
  await consumer.connect();
  try {
    await send(-1);
    const warm = arrival(-1);
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message: m }) => {
        const seq = Number(m.headers?.['bench-seq']?.toString());
        if (seq >= 0) latencies.push(performance.now() - sentAt[seq]!);
        if (seq === -1 || latencies.length === count) arrived.get(seq === -1 ? -1 : count)?.();
      },
    });
    await within(60_000, warm, 'bare kafkajs consumer joined its group');
    const all = arrival(count);
    await fireAtRate(count, perSecond, (i) => {
      sentAt[i] = performance.now();
      return send(i);
    });
    await within(60_000, all, `bare kafkajs round trip of ${count} messages`);
    return latencies;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}
