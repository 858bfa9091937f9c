import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createPgliteSqlClient, openPostgresEventStore, type PostgresEventStore, type RecordedEvent, type SqlClient } from '@ketnoi/event-store';
import { Registry } from 'prom-client';
import { Inbound } from '../inbound/inbound.js';
import { signHash } from '../keys/signing.js';
import { FederationMetrics } from '../metrics/federation-metrics.js';
import { Relay } from '../relay/relay.js';
import { migrateFederation } from '../sql/migrations.js';
import { inboxTopicFor } from '../topics.js';
import { createKafka, createKafkaInboxConsumer, type KafkaConnectionOptions } from '../transport/kafkajs-transport.js';
import { createThreadPublisher } from '../transport/thread-publisher.js';
import type { Publisher } from '../transport/transport.js';
import { TrustRegistry } from '../trust/trust-registry.js';

/** A node's identity for tests: id and Ed25519 key pair. */
export interface TestIdentity {
  readonly nodeId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
}

export function testIdentity(nodeId: string): TestIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { nodeId, privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

export const trustOf = (identities: readonly TestIdentity[]): TrustRegistry =>
  new TrustRegistry(identities.map((i) => ({ nodeId: i.nodeId, name: i.nodeId, publicKey: i.publicKey, publicKeyPem: i.publicKeyPem })));

/** A store signing as `identity` on `sql` (default: its own in-memory PGlite), with the federation tables. */
export async function openTestNodeStore(
  identity: TestIdentity,
  sql?: SqlClient,
): Promise<{ store: PostgresEventStore; sql: SqlClient }> {
  sql ??= await createPgliteSqlClient();
  const store = await openPostgresEventStore({
    sql,
    nodeId: identity.nodeId,
    signer: { sign: (hash) => signHash(identity.privateKey, hash) },
    pollIntervalMs: 20,
  });
  await migrateFederation(sql);
  return { store, sql };
}

/** One federating node in the test process: PGlite store, relay and inbound on a real broker. */
export interface TestFederationNode {
  readonly identity: TestIdentity;
  readonly nodeId: string;
  readonly store: PostgresEventStore;
  readonly sql: SqlClient;
  readonly inbound: Inbound;
  relay: Relay;
  readonly publisher: Publisher;
  readonly registry: Registry;
  readonly metrics: FederationMetrics;
  /** A new relay over the same checkpoint (the old one must be stopped). */
  restartRelay(options?: { batchSize?: number }): Promise<void>;
  close(): Promise<void>;
}

export async function startTestFederationNode(
  identity: TestIdentity,
  trust: TrustRegistry,
  brokers: readonly string[],
  log: (line: string) => void = () => undefined,
): Promise<TestFederationNode> {
  const { store, sql } = await openTestNodeStore(identity);
  const registry = new Registry();
  const metrics = new FederationMetrics(registry);
  const connection: KafkaConnectionOptions = { brokers, clientId: `ketnoi-${identity.nodeId}`, log };
  const kafka = createKafka(connection);
  // The publisher as nodes run it, on a thread of its own.
  const publisher = await createThreadPublisher(connection, { createTopics: false });
  const consumer = createKafkaInboxConsumer(kafka, {
    topic: inboxTopicFor(identity.nodeId),
    groupId: `ketnoi.inbound.${identity.nodeId}`,
  });
  const makeRelay = (batchSize?: number) =>
    new Relay({
      store,
      sql,
      nodeId: identity.nodeId,
      publisher,
      isPeer: (n) => trust.get(n) !== undefined,
      metrics,
      log,
      pollIntervalMs: 20,
      ...(batchSize ? { batchSize } : {}),
    });
  const inbound = new Inbound({ store, sql, nodeId: identity.nodeId, trust, consumer, metrics, log });
  const node: TestFederationNode = {
    identity,
    nodeId: identity.nodeId,
    store,
    sql,
    inbound,
    relay: makeRelay(),
    publisher,
    registry,
    metrics,
    async restartRelay(options = {}) {
      await node.relay.stop();
      node.relay = makeRelay(options.batchSize);
      node.relay.start();
    },
    async close() {
      await node.relay.stop();
      await inbound.stop();
      await publisher.close();
      await store.close();
      await sql.close();
    },
  };
  await inbound.start();
  node.relay.start();
  return node;
}

/** Agreement events as the domain writes them, for driving a store directly. */
export const agreementEvents = {
  drafted: (agreementId: string, home: string, parties: readonly string[]) => ({
    type: 'AgreementDrafted',
    data: {
      agreementId,
      homeNode: home,
      title: 'Huế smart culture and tourism city',
      titleTranslations: {},
      kind: 'GRANT',
      themes: ['smart-city'],
      parties: parties.map((nodeId) => ({ nodeId, name: nodeId, role: 'CITY', country: 'VN' })),
    },
  }),
  invited: (nodeId: string) => ({ type: 'PartyInvited', data: { party: { nodeId, name: nodeId, role: 'DONOR', country: 'KR' } } }),
  withdrawn: (nodeId: string) => ({ type: 'PartyWithdrawn', data: { nodeId, reason: 'left the programme' } }),
  note: (text: string) => ({ type: 'NoteRecorded', data: { noteId: randomUUID(), text } }),
};

/** Appends domain-shaped events to a stream as `node` (actor, origin and ids filled in). */
export async function appendAs(
  store: Pick<PostgresEventStore, 'appendToStream'>,
  nodeId: string,
  streamId: string,
  events: readonly { type: string; data: object }[],
): Promise<RecordedEvent[]> {
  const result = await store.appendToStream(
    streamId,
    events.map((e) => ({
      eventId: randomUUID(),
      type: e.type,
      schemaVersion: 1,
      data: e.data as never,
      metadata: {
        actor: `officer@${nodeId}`,
        actorNode: nodeId,
        originNode: nodeId,
        correlationId: randomUUID(),
        causationId: randomUUID(),
        occurredAt: new Date().toISOString(),
      },
    })),
  );
  return [...result.events];
}

/** Polls until `check` holds; fails naming `what` after `ms`. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
