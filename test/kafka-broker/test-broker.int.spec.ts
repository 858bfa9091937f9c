import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import kafkajs, { type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { decodeMessage, encodeEvent, inboxTopicFor } from '../../libs/federation/src/index.js';
import { fundingCommitted } from '../../libs/federation/src/cloudevents/fixtures.js';
import { startTestBroker, type TestBroker } from '../../libs/federation/src/testing/index.js';

const { Kafka, logLevel, Partitioners } = kafkajs;

// The Kafka test broker itself, driven through kafkajs the way the relay and the inbound consumer
// will drive a real cluster: acks from all replicas, a consumer group, keyed messages with headers.
describe('Kafka test broker (librdkafka mock cluster, 3 brokers)', () => {
  let broker: TestBroker;
  const clients: { disconnect(): Promise<void> }[] = [];

  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.disconnect()));
    await broker?.stop();
  });

  const kafka = (retries = 10) =>
    new Kafka({
      clientId: `test-${randomUUID()}`,
      brokers: [...broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 100, maxRetryTime: 1000, retries },
    });
  const producer = async (retries?: number): Promise<Producer> => {
    const p = kafka(retries).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await p.connect();
    clients.push(p);
    return p;
  };
  /** Consumes `topic` from the beginning in a fresh group until `count` messages arrived. */
  const consume = async (topic: string, count: number): Promise<KafkaMessage[]> => {
    // A short fetch wait: stop() waits for the fetch in flight (5 s by default).
    const consumer: Consumer = kafka().consumer({ groupId: `group-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    clients.push(consumer);
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: KafkaMessage[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message);
          if (seen.length === count) resolve();
        },
      });
    });
    await consumer.stop();
    return seen;
  };

  it('starts three brokers on 127.0.0.1 with distinct free ports', () => {
    expect(broker.brokers).toHaveLength(3);
    for (const address of broker.brokers) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(new Set(broker.brokers).size).toBe(3);
  });

  it('given an explicitly created topic, when keyed messages are produced with acks=all, then a consumer group reads them all, in order per key, headers intact', async () => {
    const topic = `t-${randomUUID()}`;
    await broker.createTopic(topic, 3);
    const p = await producer();
    const messages = Array.from({ length: 30 }, (_, i) => ({
      key: `stream-${i % 3}`,
      value: JSON.stringify({ n: i, title: 'Thành phố thông minh Huế' }),
      headers: { ce_id: `id-${i}` },
    }));
    await p.send({ topic, acks: -1, messages });

    const seen = await consume(topic, messages.length);

    const byKey = new Map<string, number[]>();
    for (const m of seen) {
      const key = m.key!.toString();
      const { n, title } = JSON.parse(m.value!.toString()) as { n: number; title: string };
      expect(title).toBe('Thành phố thông minh Huế');
      expect(m.headers?.['ce_id']?.toString()).toBe(`id-${n}`);
      byKey.set(key, [...(byKey.get(key) ?? []), n]);
    }
    expect([...byKey.keys()].sort()).toEqual(['stream-0', 'stream-1', 'stream-2']);
    for (const [key, ns] of byKey) {
      const k = Number(key.slice('stream-'.length));
      expect(ns).toEqual(Array.from({ length: 10 }, (_, j) => k + 3 * j));
    }
  });

  it('given an event encoded as a CloudEvent, when sent to an inbox and consumed, then it decodes to the same envelope', async () => {
    const topic = `${inboxTopicFor('fr-nevers')}-${randomUUID()}`;
    const p = await producer();
    await p.send({
      topic,
      acks: -1,
      messages: [encodeEvent(fundingCommitted, { sourceNode: 'vn-can-tho' })],
    });

    const [message] = await consume(topic, 1);

    const decoded = decodeMessage(message!);
    expect(decoded.eventId).toBe(fundingCommitted.eventId);
    expect(decoded.data).toEqual(fundingCommitted.data);
    expect(decoded.metadata.signature).toBe(fundingCommitted.metadata.signature);
  });

  it('given a topic nobody created, when a producer sends to it, then it is auto-created and readable', async () => {
    const topic = `auto-${randomUUID()}`;
    const p = await producer();
    await p.send({ topic, acks: -1, messages: [{ key: 'k', value: 'v' }] });
    const [message] = await consume(topic, 1);
    expect(message?.value?.toString()).toBe('v');
  });

  it('given the partition leader is down, when a message is produced, then the send waits, retries, and succeeds once the broker is up: nothing is lost', async () => {
    const topic = `fault-${randomUUID()}`;
    await broker.createTopic(topic, 1);
    await broker.setLeader(topic, 0, 1);
    const p = await producer(20);
    await p.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before' }] });

    await broker.down(1);
    let settled = false;
    const during = p
      .send({ topic, acks: -1, messages: [{ key: 'k', value: 'during' }] })
      .finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled).toBe(false);
    await broker.up(1);
    await during;
    await p.send({ topic, acks: -1, messages: [{ key: 'k', value: 'after' }] });

    const seen = await consume(topic, 3);
    expect(seen.map((m) => m.value?.toString())).toEqual(['before', 'during', 'after']);
  });

  it('given injected Produce errors, when fewer than the retries, then the send succeeds; when more, then it fails', async () => {
    const topic = `errors-${randomUUID()}`;
    await broker.createTopic(topic, 1);
    const patient = await producer(5);
    await patient.send({ topic, acks: -1, messages: [{ value: 'warm-up' }] });
    await broker.pushRequestErrors(0, ['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_FOR_PARTITION']);
    await patient.send({ topic, acks: -1, messages: [{ value: 'retried' }] });

    const impatient = await producer(1);
    await impatient.send({ topic, acks: -1, messages: [{ value: 'warm-up-2' }] });
    await broker.pushRequestErrors(0, Array(6).fill('NOT_LEADER_FOR_PARTITION'));
    await expect(impatient.send({ topic, acks: -1, messages: [{ value: 'lost' }] })).rejects.toThrow(
      /leader/i,
    );
    await broker.clearRequestErrors(0);
    const noRetries = await producer(0);
    await noRetries.send({ topic, acks: -1, messages: [{ value: 'after clear' }] });
  });

  it('given a slow broker, when producing, then the send still succeeds, only later', async () => {
    const topic = `slow-${randomUUID()}`;
    await broker.createTopic(topic, 1);
    await broker.setLeader(topic, 0, 2);
    const p = await producer();
    await p.send({ topic, acks: -1, messages: [{ value: 'warm-up' }] });
    await broker.setRtt(2, 400);
    const started = Date.now();
    await p.send({ topic, acks: -1, messages: [{ value: 'slow' }] });
    const elapsed = Date.now() - started;
    await broker.setRtt(2, 0);
    expect(elapsed).toBeGreaterThanOrEqual(350);
  });

  it("rejects a bad command with the mock cluster's reason, and bad arguments before sending", async () => {
    await expect(broker.down(7)).rejects.toThrow(/broker index must be 0\.\.2/);
    await expect(broker.createTopic('bad name', 1)).rejects.toThrow(/topic must be a Kafka name/);
    await expect(broker.pushRequestErrors(0, ['NO_SUCH_ERROR'])).rejects.toThrow(
      /unknown error code NO_SUCH_ERROR/,
    );
    await expect(broker.createTopic(`t-${randomUUID()}`, 1, 4)).rejects.toThrow(/usage: topic/);
  });
});

describe('Kafka test broker lifecycle', () => {
  it('stops cleanly, and a command after stop fails instead of hanging', async () => {
    const broker = await startTestBroker({ brokerCount: 1 });
    expect(broker.brokers).toHaveLength(1);
    await broker.stop();
    await broker.stop();
    await expect(broker.up(0)).rejects.toThrow(/mock cluster exited/);
  });

  it('names the provisioning script when the binary is missing', async () => {
    await expect(startTestBroker({ binary: '/nonexistent/mock-cluster' })).rejects.toThrow(
      /10-kafka-test-broker\.sh/,
    );
  });
});
