import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { loadConfig, type KetnoiConfig } from '@ketnoi/config';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { encodeEvent, FederationService, generateNodeKey, inboxTopicFor, loadNodeKey, signHash } from '@ketnoi/federation';
import {
  agreementEvents as ev,
  appendAs,
  eventually,
  openTestNodeStore,
  startTestBroker,
  testIdentity,
  type TestBroker,
} from '../../../libs/federation/src/testing/index.js';
import { Command } from 'commander';
import { quarantineCommand } from '../../audit/src/cli/commands/quarantine.command.js';
import { FederationAppModule } from './federation-app.module.js';
import { startFederation, type RunningFederation } from './start-federation.js';

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

/** Runs `ketnoi <args>` in process (the quarantine command alone) and returns what it printed. */
async function cli(...args: string[]): Promise<string> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  try {
    const program = new Command('ketnoi').exitOverride();
    quarantineCommand(program);
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

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

  it('given the FederationModule in an app without a node key, when it bootstraps, then it refuses naming the file', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ketnoi-federation-nokey-'));
    const { store, sql } = await openTestNodeStore(testIdentity('fr-nevers'));
    const app = await NestFactory.create(FederationAppModule.forRoot(configFor(empty), { store, sql, close: () => sql.close() }), {
      logger: false,
      abortOnError: false,
    });
    await expect(app.init()).rejects.toThrow(join(empty, 'node.key'));
    await app.close().catch(() => undefined);
    await rm(empty, { recursive: true, force: true });
  });

  it('given brokers that do not answer, when started, then the node runs, federation retries, and its API says 503', async () => {
    const other = await mkdtemp(join(tmpdir(), 'ketnoi-federation-nobroker-'));
    await generateNodeKey(other);
    await writeFile(join(other, 'trust.json'), '{}');
    const lines: string[] = [];
    const cfg = loadConfig({ ...{ KETNOI_NODE_ID: 'fr-nevers', KETNOI_DATA_DIR: other, PORT: '0', GRPC_PORT: '0', LOG_LEVEL: 'silent' }, KAFKA_BROKERS: '127.0.0.1:1', KAFKA_CREATE_TOPICS: 'false' });
    const alone = await startFederation(cfg, { log: (l) => void lines.push(l) });
    try {
      const response = await fetch(`${alone.url}/v1/federation/quarantine`);
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
    let running: RunningFederation;
    let store: EventStore;
    const lines: string[] = [];

    beforeAll(async () => {
      const neversKey = await generateNodeKey(dir);
      await writeFile(
        config.trustRegistryPath,
        JSON.stringify({ 'fr-nevers': { name: 'Nevers', publicKey: neversKey }, 'vn-hue': { name: 'Huế', publicKey: hue.publicKeyPem } }),
      );
      running = await startFederation(config, { log: (l) => void lines.push(l) });
      await running.app.get(FederationService).running();
      store = running.app.get<EventStore>(EVENT_STORE);
    });
    afterAll(async () => running?.close());

    it('stores what Huế sends, quarantines a forgery, and lists and retries it over REST and the CLI', async () => {
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

      const list = async () => (await (await fetch(`${running.url}/v1/federation/quarantine`)).json()) as { items: { id: string; reasonCode: string; eventId: string; attempts: number }[] };
      await eventually('the forgery is quarantined', async () => (await list()).items.length === 1);
      const [item] = (await list()).items;
      expect(item).toMatchObject({ reasonCode: 'BAD_SIGNATURE', eventId: forged!.eventId, attempts: 1 });

      expect(await cli('quarantine', 'list', '--url', running.url)).toMatch(new RegExp(`^${item!.id}  BAD_SIGNATURE  .*${forged!.eventId}.*attempts=1`, 'm'));
      expect(await cli('quarantine', 'retry', item!.id, '--url', running.url)).toMatch(/still refused \(BAD_SIGNATURE\)/);
      expect((await list()).items[0]!.attempts).toBe(2);

      const bad = await fetch(`${running.url}/v1/federation/quarantine/abc/retry`, { method: 'POST' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ errors: [{ field: 'id' }] });
      expect((await fetch(`${running.url}/v1/federation/quarantine/99999/retry`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${running.url}/v1/federation/quarantine?limit=0`)).status).toBe(400);

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
