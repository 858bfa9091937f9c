import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type KafkaConfig,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import type { KafkaSasl } from '@ketnoi/config';
import type { InboxConsumer, OutboundMessage, Publisher } from './transport.js';

export interface KafkaConnectionOptions {
  readonly brokers: readonly string[];
  /** @defaultValue `ketnoi-<nodeId>` */
  readonly clientId: string;
  /** Where kafkajs' own warnings and errors go (one line each). @defaultValue stderr */
  readonly log?: (line: string) => void;
  /** TLS to the brokers, with the system's CA store. */
  readonly ssl?: boolean;
  /** This node's Kafka user: the inbox ACLs of deploy/ are granted per user. */
  readonly sasl?: KafkaSasl;
}

export function createKafka(options: KafkaConnectionOptions): Kafka {
  if (!Array.isArray(options.brokers) || options.brokers.length === 0)
    throw new TypeError('brokers: must be a non-empty list of host:port');
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    // kafkajs logs every retry at ERROR; the relay and the inbound report what matters themselves.
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => log(`kafkajs ${entry.namespace}: ${entry.log.message}`),
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
    ...(options.ssl ? { ssl: true } : {}),
    // kafkajs' SASLOptions is a union per mechanism; KafkaSasl's mechanism is one of those validated at start.
    ...(options.sasl ? { sasl: { ...options.sasl } as SASLOptions } : {}),
  };
  return new Kafka(config);
}

export interface KafkaPublisherOptions {
  /**
   * Create inbox topics through the admin API before publishing to them. Off for the librdkafka
   * mock cluster (its metadata names no controller, so CreateTopics cannot be routed; its topics
   * auto-create) and for clusters where an operator creates topics and ACLs (deploy/).
   * @defaultValue true
   */
  readonly createTopics?: boolean;
  /** @defaultValue 4 */
  readonly partitions?: number;
  /** @defaultValue -1 (the cluster's default.replication.factor) */
  readonly replicationFactor?: number;
  /** @defaultValue 30000 */
  readonly ackTimeoutMs?: number;
}

export async function createKafkaPublisher(
  kafka: Kafka,
  options: KafkaPublisherOptions = {},
): Promise<Publisher> {
  // One request in flight per broker: a retried batch can never overtake the one after it, so
  // per-stream order survives retries without an idempotent producer (which the mock cannot run).
  const producer: Producer = kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: true });
  await producer.connect();
  const createTopics = options.createTopics ?? true;
  const known = new Set<string>();
  let admin: Admin | undefined;
  return {
    async publish(messages: readonly OutboundMessage[]) {
      if (messages.length === 0) return;
      const byTopic = new Map<string, OutboundMessage['message'][]>();
      for (const { topic, message } of messages) {
        const list = byTopic.get(topic) ?? [];
        list.push(message);
        byTopic.set(topic, list);
      }
      await producer.sendBatch({
        acks: -1,
        timeout: options.ackTimeoutMs ?? 30_000,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
        })),
      });
    },
    async ensureTopics(topics: readonly string[]) {
      const missing = topics.filter((t) => !known.has(t));
      if (missing.length === 0) return;
      if (createTopics) {
        admin ??= kafka.admin();
        await admin.connect();
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: options.partitions ?? 4,
            replicationFactor: options.replicationFactor ?? -1,
          })),
        });
      }
      for (const t of missing) known.add(t);
    },
    async close() {
      await producer.disconnect();
      await admin?.disconnect();
    },
  };
}

export interface KafkaInboxConsumerOptions {
  readonly topic: string;
  readonly groupId: string;
  /** @defaultValue 10000 */
  readonly sessionTimeoutMs?: number;
  /**
   * Longest a fetch waits on the broker for data. A real broker answers as soon as data arrives;
   * the librdkafka mock cluster always waits this long when a partition is empty, so tests and
   * benches that measure delivery time on it shorten it. @defaultValue 5000 (kafkajs' default)
   */
  readonly maxWaitTimeMs?: number;
  /**
   * Most messages handed to the handler at once; a fetched batch is cut into pieces of this size,
   * each committed once handled. @defaultValue 200
   */
  readonly maxBatch?: number;
}

export function createKafkaInboxConsumer(kafka: Kafka, options: KafkaInboxConsumerOptions): InboxConsumer {
  let consumer: Consumer | undefined;
  return {
    async start(handle) {
      consumer = kafka.consumer({
        groupId: options.groupId,
        sessionTimeout: options.sessionTimeoutMs ?? 10_000,
        heartbeatInterval: 1000,
        ...(options.maxWaitTimeMs === undefined ? {} : { maxWaitTimeInMs: options.maxWaitTimeMs }),
        retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5000, restartOnFailure: async () => true },
      });
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: true });
      const c = consumer;
      await c.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          const maxBatch = options.maxBatch ?? 200;
          for (let from = 0; from < batch.messages.length; from += maxBatch) {
            if (!isRunning() || isStale()) break;
            const slice = batch.messages.slice(from, from + maxBatch);
            await handle(
              slice.map((m) => ({
                topic: batch.topic,
                partition: batch.partition,
                offset: m.offset,
                key: m.key,
                value: m.value,
                headers: m.headers ?? {},
              })),
            );
            const last = slice[slice.length - 1]!.offset;
            resolveOffset(last);
            await c.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
            await heartbeat();
          }
        },
      });
    },
    async stop() {
      await consumer?.disconnect();
      consumer = undefined;
    },
  };
}
