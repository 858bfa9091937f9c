import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { loadConfig, type KetnoiConfig } from '@ketnoi/config';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { encodeEvent, FederationService, generateNodeKey, inboxTopicFor, loadNodeKey, signHash } from '@ketnoi/federation';
import { startNode, type RunningNode } from '@ketnoi/node/start';
import { mintToken } from '@ketnoi/platform';
import {
  agreementEvents as ev,
  appendAs,
  eventually,
  openTestNodeStore,
  startTestBroker,
  testIdentity,
  type TestBroker,
} from '../../../libs/federation/src/testing/index.js';

const hue = testIdentity('vn-hue');
let broker: TestBroker;
let dir: string;
let config: KetnoiConfig;
let raw: Producer;

const configFor = (dataDir: string) =>
  loadConfig({
    KETNOI_NODE_ID: 'fr-nevers',
    KETNOI_DATA_DIR: dataDir,
    PORT: '0',
    GRPC_PORT: '0',
    KAFKA_BROKERS: broker.brokers.join(','),
    KAFKA_CREATE_TOPICS: 'false',
    LOG_LEVEL: 'silent',
  });

const startFederation = (cfg: KetnoiConfig, log?: (line: string) => void): Promise<RunningNode> =>
  startNode(cfg, ['federation'], log ? { federationLog: log } : {});

beforeAll(async () => {
  broker = await startTestBroker();
  dir = await mkdtemp(join(tmpdir(), 'ketnoi-federation-'));
  config = configFor(dir);
  raw = new Kafka({ clientId: 'peer', brokers: [...broker.brokers], logLevel: logLevel.NOTHING }).producer();
  await raw.connect();
});

afterAll(async () => {
  await raw?.disconnect();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('federation service (apps/federation)', () => {
  it('given no node key, when started, then it refuses naming the file', async () => {
    await expect(startFederation(config)).rejects.toThrow(join(dir, 'node.key'));
  });

  it('given no KAFKA_BROKERS, when started, then it refuses naming the variable', async () => {
    await expect(startFederation({ ...config, kafka: undefined })).rejects.toThrow(/^Invalid configuration: KAFKA_BROKERS must be/);
  });

  it('given brokers that do not answer, when started, then the node runs, federation retries, and its API says 503', async () => {
    const other = await mkdtemp(join(tmpdir(), 'ketnoi-federation-nobroker-'));
    await generateNodeKey(other);
    await writeFile(join(other, 'trust.json'), '{}');
    const lines: string[] = [];
    const cfg = loadConfig({ ...{ KETNOI_NODE_ID: 'fr-nevers', KETNOI_DATA_DIR: other, PORT: '0', GRPC_PORT: '0', LOG_LEVEL: 'silent' }, KAFKA_BROKERS: '127.0.0.1:1', KAFKA_CREATE_TOPICS: 'false' });
    const alone = await startFederation(cfg, (l) => void lines.push(l));
    const token = await mintToken({ role: 'officer', node: 'fr-nevers' }, (await loadNodeKey(other)).privateKey);
    try {
      const response = await fetch(`${alone.url}/v1/federation/quarantine`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'FEDERATION_NOT_RUNNING' });
      expect((await fetch(`${alone.url}/health/live`)).status).toBe(200);
      await eventually('a retry is logged', () => lines.some((l) => /cannot connect to Kafka \(attempt 1\)/.test(l)), 60_000);
    } finally {
      await alone.close();
      await rm(other, { recursive: true, force: true });
    }
  });

  describe('running', () => {
    let running: RunningNode;
    let store: EventStore;
    let auth: Record<string, string>;
    const lines: string[] = [];

    beforeAll(async () => {
      const neversKey = await generateNodeKey(dir);
      await writeFile(
        config.trustRegistryPath,
        JSON.stringify({ 'fr-nevers': { name: 'Nevers', publicKey: neversKey }, 'vn-hue': { name: 'Huế', publicKey: hue.publicKeyPem } }),
      );
      auth = { authorization: `Bearer ${await mintToken({ role: 'officer', node: 'fr-nevers' }, (await loadNodeKey(dir)).privateKey)}` };
      running = await startFederation(config, (l) => void lines.push(l));
      await running.app.get(FederationService).running();
      store = running.app.get<EventStore>(EVENT_STORE);
    });
    afterAll(async () => running?.close());

    it('stores what Huế sends, quarantines a forgery, and lists and retries it over REST for a caller with a token', async () => {
      const s = `agreement-${randomUUID()}`;
      const peer = await openTestNodeStore(hue);
      const events = await appendAs(peer.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers']), ev.note('hello Nevers')]);
      const [forged] = await appendAs(peer.store, 'vn-hue', `agreement-${randomUUID()}`, [ev.note('forged')]);
      await peer.store.close();
      await peer.sql.close();
      const wrongKey = { ...forged!, metadata: { ...forged!.metadata, signature: signHash((await loadNodeKey(dir)).privateKey, forged!.metadata.hash) } };
      await raw.send({
        topic: inboxTopicFor('fr-nevers'),
        acks: -1,
        messages: [...events.map((e) => encodeEvent(e, { sourceNode: 'vn-hue' })), encodeEvent(wrongKey, { sourceNode: 'vn-hue' })],
      });

      await eventually('Nevers stored both events', async () => (await store.readStream(s).catch(() => [])).length === 2);
      expect((await store.readStream(s)).map((e) => e.metadata.hash)).toEqual(events.map((e) => e.metadata.hash));

      const list = async () => (await (await fetch(`${running.url}/v1/federation/quarantine`, { headers: auth })).json()) as { items: { id: string; reasonCode: string; eventId: string; attempts: number }[] };
      await eventually('the forgery is quarantined', async () => (await list()).items.length === 1);
      const [item] = (await list()).items;
      expect(item).toMatchObject({ reasonCode: 'BAD_SIGNATURE', eventId: forged!.eventId, attempts: 1 });

      const retry = (id: string, headers: Record<string, string> = auth) =>
        fetch(`${running.url}/v1/federation/quarantine/${id}/retry`, { method: 'POST', headers });
      expect((await retry(item!.id, {})).status).toBe(401);
      expect((await list()).items[0]!.attempts).toBe(1);
      const again = await retry(item!.id);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ kind: 'quarantined' });
      expect((await list()).items[0]!.attempts).toBe(2);

      const bad = await retry('abc');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ errors: [{ field: 'id' }] });
      expect((await retry('99999')).status).toBe(404);
      expect((await fetch(`${running.url}/v1/federation/quarantine?limit=0`, { headers: auth })).status).toBe(400);
      expect((await fetch(`${running.url}/v1/federation/quarantine`)).status).toBe(401);

      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(metrics).toMatch(/ketnoi_federation_quarantined_total\{reason="BAD_SIGNATURE"\} 2/);
      expect(metrics).toMatch(/ketnoi_federation_inbound_applied_total\{origin="vn-hue"\} 2/);
    });

    it('relays an agreement homed here to its party and advances the checkpoint', async () => {
      const s = `agreement-${randomUUID()}`;
      await appendAs(store, 'fr-nevers', s, [ev.drafted(s.slice(10), 'fr-nevers', ['fr-nevers', 'vn-hue']), ev.note('bonjour Huế')]);
      await eventually('the relay published to Huế', async () =>
        /ketnoi_federation_relay_published_total\{recipient="vn-hue"\} 2/.test(await (await fetch(`${running.url}/metrics`)).text()),
      );
    });
  });
});
