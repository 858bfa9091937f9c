import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPgliteSqlClient,
  GENESIS_HASH,
  hashEvent,
  openPostgresEventStore,
  verifyChain,
  type RecordedEvent,
} from '@ketnoi/event-store';
import { encodeEvent, inboxTopicFor, signHash } from '@ketnoi/federation';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../../libs/federation/src/testing/index.js';
import { KETNOI_BIN, runNode } from '../hub/hub-process.js';
import { CityNode, ensureNodeBuilt, eventually } from './support/city-node.js';

// Three city nodes, each its own process with its own PGlite data dir and key (made by
// `ketnoi keys generate`), one shared trust registry, federating through the librdkafka test
// broker. A fourth node, de-fnf, is trusted but party to nothing: the forger.
const HUE = 'vn-hue';
const NEVERS = 'fr-nevers';
const KOICA = 'kr-koica';
const FNF = 'de-fnf';
const PARTIES = [
  { nodeId: HUE, name: "Thừa Thiên Huế Provincial People's Committee", role: 'PROVINCE', country: 'VN' },
  { nodeId: NEVERS, name: 'Ville de Nevers', role: 'CITY', country: 'FR' },
  { nodeId: KOICA, name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
];

let root: string;
let broker: TestBroker;
let producer: Producer;
const nodes: Record<string, CityNode> = {};
const agreements: string[] = [];

const hue = () => nodes[HUE]!;
const nevers = () => nodes[NEVERS]!;
const koica = () => nodes[KOICA]!;
const all = () => [hue(), nevers(), koica()];

async function draft(title: string): Promise<string> {
  const { agreementId } = await hue().command('/v1/agreements', { title, kind: 'TWINNING', parties: PARTIES });
  agreements.push(agreementId);
  return agreementId;
}
const statusOn = async (node: CityNode, id: string) => {
  const { status, body } = await node.request('GET', `/v1/agreements/${id}`);
  return status === 200 ? (body.status as string) : `HTTP ${status}`;
};
const historyOn = async (node: CityNode, id: string): Promise<RecordedEvent[]> => {
  const { status, body } = await node.request('GET', `/v1/agreements/${id}/history`);
  if (status !== 200) return [];
  return body.events.map((e: RecordedEvent & { globalPosition: string }) => ({ ...e, globalPosition: BigInt(e.globalPosition) }));
};
/** The origin-decided part of an event: identical on every node that holds it. */
const origin = ({ globalPosition: _p, metadata: { recordedAt: _r, ...m }, ...e }: RecordedEvent) => ({ ...e, metadata: m });
const converged = async (id: string, minEvents = 1) => {
  const [h, n, k] = await Promise.all(all().map((node) => historyOn(node, id)));
  return (
    h!.length >= minEvents &&
    JSON.stringify(n!.map(origin)) === JSON.stringify(h!.map(origin)) &&
    JSON.stringify(k!.map(origin)) === JSON.stringify(h!.map(origin))
  );
};

beforeAll(async () => {
  ensureNodeBuilt();
  root = await mkdtemp(join(tmpdir(), 'ketnoi-federation-e2e-'));
  broker = await startTestBroker();
  for (const node of [HUE, NEVERS, KOICA]) await broker.createTopic(inboxTopicFor(node), 3);
  const registry: Record<string, { name: string; publicKey: string }> = {};
  for (const nodeId of [HUE, NEVERS, KOICA, FNF]) {
    const keys = await runNode([KETNOI_BIN, 'keys', 'generate', '--data-dir', join(root, nodeId)], {});
    if (keys.code !== 0) throw new Error(`keys generate ${nodeId}: ${keys.stderr}`);
    registry[nodeId] = { name: nodeId, publicKey: keys.stdout };
  }
  const trust = join(root, 'trust.json');
  await writeFile(trust, JSON.stringify(registry));
  const env = { KAFKA_BROKERS: broker.brokers.join(','), KAFKA_CREATE_TOPICS: 'false', KETNOI_TRUST_REGISTRY: trust };
  for (const nodeId of [HUE, NEVERS, KOICA]) nodes[nodeId] = new CityNode(nodeId, join(root, nodeId), env);
  await Promise.all(all().map((node) => node.start()));
  producer = new Kafka({ clientId: 'e2e-injector', brokers: [...broker.brokers], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
}, 600_000);

afterAll(async () => {
  await producer?.disconnect().catch(() => undefined);
  await Promise.all(Object.values(nodes).map((node) => node.stop()));
  await broker?.stop();
  if (root) await rm(root, { recursive: true, force: true });
}, 120_000);

describe('federation of three city nodes in separate processes over the Kafka test broker', () => {
  let signedId: string;

  it('Huế drafts with Nevers and KOICA; each countersigns on its own node; Huế signs; all three boards show SIGNED', async () => {
    try {
      signedId = await draft('Huế – Nevers – KOICA smart heritage city');
      await hue().command(`/v1/agreements/${signedId}/propose`, {});
      await hue().command(`/v1/agreements/${signedId}/countersign`, { party: HUE });
      for (const node of [nevers(), koica()]) {
        await eventually(`${node.nodeId} receives the proposal`, async () => (await statusOn(node, signedId)) === 'PROPOSED');
      }

      // A partner may not change what only the home decides: refused, never written anywhere.
      const amend = await nevers().request('POST', `/v1/agreements/${signedId}/amend`, { title: 'Renamed in Nevers' });
      expect(amend.status).toBe(422);
      expect(amend.body).toMatchObject({ code: 'HOME_NODE_REQUIRED' });

      await nevers().command(`/v1/agreements/${signedId}/countersign`, { party: NEVERS });
      await koica().command(`/v1/agreements/${signedId}/countersign`, { party: KOICA });
      for (const node of all()) {
        await eventually(`${node.nodeId} shows SIGNED`, async () => (await statusOn(node, signedId)) === 'SIGNED');
      }
      const history = await historyOn(hue(), signedId);
      expect(history.map((e) => e.type)).toEqual([
        'AgreementDrafted',
        'AgreementProposed',
        'AgreementCountersigned',
        'AgreementCountersigned',
        'AgreementCountersigned',
        'AgreementSigned',
      ]);
      // Every event of the home stream is Huế's; the partners' countersignatures were acted by them.
      expect(history.every((e) => e.metadata.originNode === HUE)).toBe(true);
      expect(history.slice(3, 5).map((e) => e.metadata.actorNode).sort()).toEqual([NEVERS, KOICA].sort());
      await eventually('the three nodes hold the same history', () => converged(signedId, 6));
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${all().map((n) => n.logs).join('\n')}`, { cause: error });
    }
  }, 300_000);

  it('given every broker down while Huế records, when they come back, then the partners get everything once', async () => {
    const id = await draft('Huế – Nevers heritage data platform');
    await eventually('the draft reaches both partners', () => converged(id, 1));
    for (let i = 0; i < broker.brokers.length; i++) await broker.down(i);
    try {
      await hue().command(`/v1/agreements/${id}/propose`, {});
      for (let n = 0; n < 5; n++) await hue().command(`/v1/agreements/${id}/notes`, { text: `recorded while Kafka is down ${n}` });
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect((await historyOn(nevers(), id)).length).toBe(1);
    } finally {
      for (let i = 0; i < broker.brokers.length; i++) await broker.up(i);
    }
    await eventually('partners converge after the outage', () => converged(id, 7), 180_000);
  }, 300_000);

  it('given Huế killed -9 while its relay publishes a batch, and Nevers killed -9 while consuming, when restarted, then nothing is lost or doubled', async () => {
    const id = await draft('Huế – KOICA digital twin of the Citadel');
    await eventually('the draft reaches both partners', () => converged(id, 1));
    // Slow acknowledgements keep the relay's batches in flight when the kill comes.
    for (let i = 0; i < broker.brokers.length; i++) await broker.setRtt(i, 700);
    let delivered: number;
    try {
      for (let n = 0; n < 30; n++) await hue().command(`/v1/agreements/${id}/notes`, { text: `note ${n}` });
      await Promise.all([hue().kill9(), nevers().kill9()]);
      delivered = (await historyOn(koica(), id)).length;
    } finally {
      for (let i = 0; i < broker.brokers.length; i++) await broker.setRtt(i, 0);
    }
    // The kill came before the relay had published everything: what follows is recovery, not luck.
    expect(delivered).toBeLessThan(31);
    await Promise.all([hue().start(), nevers().start()]);
    await eventually('partners converge after the crashes', () => converged(id, 31), 180_000);
    const held = await historyOn(nevers(), id);
    expect(new Set(held.map((e) => e.eventId)).size).toBe(held.length);
  }, 400_000);

  it('given duplicated, reordered and forged messages injected into the inboxes, then the copies change nothing and the forgeries are quarantined', async () => {
    const history = await historyOn(hue(), signedId);
    const hueKey = createPrivateKey(await readFile(join(root, HUE, 'node.key'), 'utf8'));
    const fnfKey = createPrivateKey(await readFile(join(root, FNF, 'node.key'), 'utf8'));
    const last = history.at(-1)!;
    expect(signHash(hueKey, last.metadata.hash)).toBe(last.metadata.signature); // the key Huế signs with

    // Every event of the signed agreement again, last first, twice: reordered duplicates.
    const copies = [...history].reverse().map((event) => encodeEvent(event, { sourceNode: HUE }));
    await producer.send({ topic: inboxTopicFor(NEVERS), messages: [...copies, ...copies] });

    const forged = (streamId: string, revision: number, prevHash: string, originNode: string) => {
      const metadata = {
        actor: `officer@${originNode}`,
        actorNode: originNode,
        originNode,
        correlationId: randomUUID(),
        causationId: randomUUID(),
        occurredAt: new Date().toISOString(),
      };
      const fields = { eventId: randomUUID(), streamId, revision, type: 'NoteRecorded', schemaVersion: 1, data: { noteId: 'forged', text: 'forged' } };
      const hash = hashEvent({ ...fields, ...metadata, prevHash });
      return { ...fields, globalPosition: 1n, metadata: { ...metadata, originRevision: revision, recordedAt: metadata.occurredAt, prevHash, hash, signature: '' } };
    };
    const { privateKey: stranger } = generateKeyPairSync('ed25519');
    // 1. Claims to be Huế's next event, signed by a key nobody trusts.
    const wrongSignature = forged(`agreement-${signedId}`, last.revision + 1, last.metadata.hash, HUE);
    // 2. A trusted node that is not a party writes the home stream...
    const notHome = forged(`agreement-${signedId}`, last.revision + 1, last.metadata.hash, FNF);
    // 3. ...and endorses the agreement to its home.
    const notParty = forged(`endorsement-${signedId}-${FNF}`, 0, GENESIS_HASH, FNF);
    const sign = (event: ReturnType<typeof forged>, key: typeof hueKey) => ({
      ...event,
      metadata: { ...event.metadata, signature: signHash(key, event.metadata.hash) },
    });
    await producer.send({
      topic: inboxTopicFor(NEVERS),
      messages: [
        encodeEvent(sign(wrongSignature, stranger), { sourceNode: HUE }),
        encodeEvent(sign(notHome, fnfKey), { sourceNode: FNF }),
      ],
    });
    await producer.send({ topic: inboxTopicFor(HUE), messages: [encodeEvent(sign(notParty, fnfKey), { sourceNode: FNF })] });

    type Quarantined = Array<{ eventId: string; reasonCode: string }>;
    const quarantined = async (node: CityNode): Promise<Quarantined> => {
      const { status, body } = await node.request('GET', '/v1/federation/quarantine?limit=1000');
      return status === 200 ? body.items : [];
    };
    const onNevers = (await eventually('Nevers quarantines both forgeries', async () => {
      const items = await quarantined(nevers());
      return [wrongSignature, notHome].every((f) => items.some((q) => q.eventId === f.eventId)) ? items : undefined;
    })) as Quarantined;
    const onHue = (await eventually('Huế quarantines the endorsement of a non-party', async () => {
      const items = await quarantined(hue());
      return items.some((q) => q.eventId === notParty.eventId) ? items : undefined;
    })) as Quarantined;
    expect(onNevers.filter((q) => history.some((e) => e.eventId === q.eventId))).toEqual([]); // copies are not errors
    expect(onHue.filter((q) => q.eventId === notParty.eventId)).toHaveLength(1);
    // The copies and the forgeries changed nothing.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await converged(signedId, history.length)).toBe(true);
    expect((await historyOn(nevers(), signedId)).map(origin)).toEqual(history.map(origin));
  }, 300_000);

  it('in the end every node holds the same events, once each, for every agreement it is party to (read from the stopped nodes\' data dirs)', async () => {
    for (const id of agreements) await eventually(`${id} converged`, () => converged(id), 120_000);
    await Promise.all(all().map((node) => node.stop()));
    const logs: Record<string, Map<string, RecordedEvent[]>> = {};
    for (const node of all()) {
      const sql = await createPgliteSqlClient({ dataDir: join(node.dataDir, 'pglite') });
      const store = await openPostgresEventStore({ sql, nodeId: node.nodeId });
      try {
        const events = await store.readAll({ maxCount: 100_000 });
        expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
        const streams = new Map<string, RecordedEvent[]>();
        for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
        for (const stream of streams.values()) expect(verifyChain(stream)).toEqual({ ok: true });
        logs[node.nodeId] = streams;
      } finally {
        await store.close();
        await sql.close();
      }
    }
    const streamsOf = (nodeId: string) => [...logs[nodeId]!.keys()].filter((s) => agreements.some((id) => s.includes(id))).sort();
    // Agreement streams and the partners' endorsement streams: the same set on every party...
    expect(streamsOf(NEVERS)).toEqual(streamsOf(HUE));
    expect(streamsOf(KOICA)).toEqual(streamsOf(HUE));
    expect(streamsOf(HUE)).toContain(`endorsement-${signedId}-${NEVERS}`);
    expect(streamsOf(HUE)).not.toContain(`endorsement-${signedId}-${FNF}`);
    // ...with the same events in each.
    for (const streamId of streamsOf(HUE)) {
      const expected = logs[HUE]!.get(streamId)!.map(origin);
      expect(logs[NEVERS]!.get(streamId)!.map(origin)).toEqual(expected);
      expect(logs[KOICA]!.get(streamId)!.map(origin)).toEqual(expected);
    }
  }, 300_000);
});
