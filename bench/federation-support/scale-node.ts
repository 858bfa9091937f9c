import type { Kafka } from 'kafkajs';
import { Inbound } from '../../libs/federation/src/inbound/index.js';
import { Relay } from '../../libs/federation/src/relay/index.js';
import { openTestNodeStore, type TestIdentity } from '../../libs/federation/src/testing/index.js';
import { inboxTopicFor } from '../../libs/federation/src/topics.js';
import { createKafkaInboxConsumer, createKafkaPublisher } from '../../libs/federation/src/transport/index.js';
import type { TrustRegistry } from '../../libs/federation/src/trust/trust-registry.js';
import { countingPublisher, emptyTraffic } from './counting-publisher.js';

export type ScaleNode = Awaited<ReturnType<typeof startScaleNode>>;

/**
 * One node of the in-process federation, wired as the hub wires it (relay with the hub's 50 ms
 * poll, inbound in its own consumer group on its own inbox), with what its publisher sent to the
 * broker counted (and kept, to replay for the baseline).
 */
export async function startScaleNode(identity: TestIdentity, trust: TrustRegistry, kafka: Kafka, fetchWaitMs: number) {
  const traffic = emptyTraffic(true);
  const { store, sql } = await openTestNodeStore(identity);
  const publisher = countingPublisher(await createKafkaPublisher(kafka, { createTopics: false }), traffic);
  const nodeId = identity.nodeId;
  const relay = new Relay({ store, sql, nodeId, publisher, isPeer: (n) => trust.get(n) !== undefined, log: () => undefined });
  const consumer = createKafkaInboxConsumer(kafka, { topic: inboxTopicFor(nodeId), groupId: `ketnoi.inbound.${nodeId}`, maxWaitTimeMs: fetchWaitMs });
  const inbound = new Inbound({ store, sql, nodeId, trust, consumer, log: () => undefined });
  await inbound.start();
  relay.start();
  return {
    nodeId,
    traffic,
    store,
    sql,
    /** Event ids this node holds on agreement streams (its own and replicated), one per stored row. */
    async agreementEventIds(): Promise<string[]> {
      const { rows } = await sql.query<{ event_id: string }>(`select event_id from events where stream_id like 'agreement-%'`);
      return rows.map((r) => r.event_id);
    },
    async agreementEventCount(): Promise<number> {
      const { rows } = await sql.query<{ n: number }>(`select count(*)::int as n from events where stream_id like 'agreement-%'`);
      return Number(rows[0]!.n);
    },
    async stop(): Promise<void> {
      await relay.stop();
      await inbound.stop();
      await publisher.close();
      await store.close();
      await sql.close();
    },
  };
}
