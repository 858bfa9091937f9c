import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StreamNotFoundError, verifyChain, type RecordedEvent } from '@ketnoi/event-store';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { encodeEvent } from './cloudevents/index.js';
import { signHash } from './keys/signing.js';
import {
  agreementEvents as ev,
  appendAs,
  eventually,
  openTestNodeStore,
  startTestBroker,
  startTestFederationNode,
  testIdentity,
  trustOf,
  type TestBroker,
  type TestFederationNode,
} from './testing/index.js';
import { inboxTopicFor } from './topics.js';

// Three nodes in one process, each with its own PGlite, relay and inbound, on the librdkafka mock cluster.
const hue = testIdentity('vn-hue');
const nevers = testIdentity('fr-nevers');
const koica = testIdentity('org-koica');
const trust = trustOf([hue, nevers, koica]);

let broker: TestBroker;
let A: TestFederationNode;
let B: TestFederationNode;
let C: TestFederationNode;
let raw: Producer;

const streamOf = async (node: TestFederationNode, streamId: string): Promise<RecordedEvent[]> => {
  try {
    return await node.store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};
const ids = (events: readonly RecordedEvent[]) => events.map((e) => e.eventId);
/** The origin-decided part of an event: what must be identical on every node. */
const origin = ({ globalPosition: _p, metadata: { recordedAt: _r, ...m }, ...e }: RecordedEvent) => ({ ...e, metadata: m });
const sameEvents = async (node: TestFederationNode, streamId: string, expected: readonly RecordedEvent[]) => {
  await eventually(`${node.nodeId} holds ${expected.length} events of ${streamId}`, async () => (await streamOf(node, streamId)).length >= expected.length);
  const held = await streamOf(node, streamId);
  expect(held.map(origin)).toEqual(expected.map(origin));
  expect(verifyChain(held)).toEqual({ ok: true });
};
const agreement = () => `agreement-${randomUUID()}`;
const quiet = () => new Promise((r) => setTimeout(r, 1500));

beforeAll(async () => {
  broker = await startTestBroker();
  const nodes = await Promise.all([hue, nevers, koica].map((i) => startTestFederationNode(i, trust, broker.brokers)));
  [A, B, C] = [nodes[0]!, nodes[1]!, nodes[2]!];
  raw = new Kafka({ clientId: 'forger', brokers: [...broker.brokers], logLevel: logLevel.NOTHING }).producer();
  await raw.connect();
});

afterAll(async () => {
  await raw?.disconnect();
  await Promise.all([A, B, C].filter(Boolean).map((n) => n.close()));
  await broker?.stop();
});

describe('federation between nodes over the test broker', () => {
  it('given an agreement drafted on A with B as party, then B holds it once, in order, unchanged; C gets nothing', async () => {
    const s = agreement();
    const events = await appendAs(A.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers']), ev.note('one'), ev.note('two')]);
    await sameEvents(B, s, events);
    const more = await appendAs(A.store, 'vn-hue', s, [ev.note('three')]);
    await sameEvents(B, s, [...events, ...more]);
    await quiet();
    expect(await streamOf(B, s)).toHaveLength(4);
    expect(await streamOf(C, s)).toEqual([]);
  });

  it('given a party invited later, then it receives the whole history (backfill), then what follows', async () => {
    const s = agreement();
    const before = await appendAs(A.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers']), ev.note('before C')]);
    const invite = await appendAs(A.store, 'vn-hue', s, [ev.invited('org-koica')]);
    const after = await appendAs(A.store, 'vn-hue', s, [ev.note('with C')]);
    await sameEvents(C, s, [...before, ...invite, ...after]);
    await sameEvents(B, s, [...before, ...invite, ...after]);
  });

  it('given a withdrawn party, then it learns of its withdrawal and gets nothing after it', async () => {
    const s = agreement();
    const start = await appendAs(A.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers', 'org-koica'])]);
    const out = await appendAs(A.store, 'vn-hue', s, [ev.withdrawn('fr-nevers')]);
    const later = await appendAs(A.store, 'vn-hue', s, [ev.note('after Nevers left')]);
    await sameEvents(C, s, [...start, ...out, ...later]);
    await sameEvents(B, s, [...start, ...out]);
    await quiet();
    expect(await streamOf(B, s)).toHaveLength(2);
  });

  it('given the brokers down while A publishes, when they come back, then nothing is lost and the checkpoint waited', async () => {
    const s = agreement();
    const first = await appendAs(A.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers'])]);
    await sameEvents(B, s, first);
    const checkpoint = await A.relay.checkpoint();
    await Promise.all([0, 1, 2].map((i) => broker.down(i)));
    const during: RecordedEvent[] = [];
    for (let i = 0; i < 5; i++) during.push(...(await appendAs(A.store, 'vn-hue', s, [ev.note(`while down ${i}`)])));
    await new Promise((r) => setTimeout(r, 2000));
    expect(await A.relay.checkpoint()).toBe(checkpoint);
    await Promise.all([0, 1, 2].map((i) => broker.up(i)));
    await sameEvents(B, s, [...first, ...during]);
    expect(await A.relay.checkpoint()).toBe(await A.store.headPosition());
  });

  it('given duplicated and reordered deliveries straight into the inbox, then each event is stored once, in order', async () => {
    const s = agreement();
    // Recorded and signed by Huế's key, but on a store no relay reads: only the raw producer delivers them.
    const detached = await openTestNodeStore(hue);
    const events = await appendAs(detached.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers']), ev.note('1'), ev.note('2'), ev.note('3')]);
    await detached.store.close();
    await detached.sql.close();
    const order = [2, 0, 2, 3, 1, 0, 3, 1];
    for (const i of order)
      await raw.send({ topic: inboxTopicFor('fr-nevers'), acks: -1, messages: [{ ...encodeEvent(events[i]!, { sourceNode: 'vn-hue' }) }] });
    await sameEvents(B, s, events);
    await quiet();
    expect(ids(await streamOf(B, s))).toEqual(ids(events));
    expect(await B.inbound.quarantine.list({ limit: 1000 }).then((q) => q.filter((x) => x.streamId === s))).toEqual([]);
  });

  it('given forged messages, then they are quarantined with the reason and the consumer goes on', async () => {
    const s = agreement();
    const real = await appendAs(A.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers'])]);
    await sameEvents(B, s, real);
    const topic = inboxTopicFor('fr-nevers');
    const quarantinedBefore = (await B.inbound.quarantine.list({ limit: 1000 })).length;

    // 1. A valid CloudEvent claiming Huế, signed with another key.
    const scratch = await Promise.all([openTestNodeStore(hue), openTestNodeStore(koica)]);
    const [hueScratch, intruder] = [scratch[0]!, scratch[1]!];
    const forgedNote = await appendAs(hueScratch.store, 'vn-hue', agreement(), [ev.note('x')]);
    const wrongKey = { ...forgedNote[0]!, metadata: { ...forgedNote[0]!.metadata, signature: signHash(koica.privateKey, forgedNote[0]!.metadata.hash) } };
    // 2. The next revision of Huë's agreement, written and properly signed by KOICA: not the home, not a party.
    await intruder.store.appendReplicated([real[0]!]);
    const [byKoica] = await appendAs(intruder.store, 'org-koica', s, [ev.note('I am not the home')]);
    // 3. An endorsement stream of that agreement written by Huế in Nevers' name.
    const endorsement = `endorsement-${s.slice(10)}-fr-nevers`;
    const [inNeversName] = await appendAs(hueScratch.store, 'vn-hue', endorsement, [ev.note('countersigned, says Huế')]);
    // 4. Not a CloudEvent at all.
    await raw.send({
      topic,
      acks: -1,
      messages: [
        encodeEvent(wrongKey, { sourceNode: 'vn-hue' }),
        encodeEvent(byKoica!, { sourceNode: 'org-koica' }),
        encodeEvent(inNeversName!, { sourceNode: 'vn-hue' }),
        { key: s, value: Buffer.from('{"hello":'), headers: { ce_specversion: '1.0' } },
      ],
    });
    await eventually('4 messages quarantined', async () => (await B.inbound.quarantine.list({ limit: 1000 })).length >= quarantinedBefore + 4);
    const reasons = (await B.inbound.quarantine.list({ limit: 1000 })).slice(quarantinedBefore).map((q) => q.reasonCode);
    // Different keys, different partitions: no order across them.
    expect(reasons.sort()).toEqual(['BAD_SIGNATURE', 'INVALID_MESSAGE', 'ORIGIN_NOT_ENDORSER', 'ORIGIN_NOT_HOME']);
    expect(await B.registry.getSingleMetricAsString('ketnoi_federation_quarantined_total')).toMatch(/reason="ORIGIN_NOT_HOME"} 1/);

    // The consumer went on: the real next event still arrives, and Koica's never did.
    const next = await appendAs(A.store, 'vn-hue', s, [ev.note('real revision 1')]);
    await sameEvents(B, s, [...real, ...next]);
    for (const x of scratch) {
      await x.store.close();
      await x.sql.close();
    }
  });

  it('given a quarantined message, when retried unchanged, then it is refused again with one more attempt', async () => {
    // A bad signature depends on the message and the registry alone; a verdict on the stream
    // (not its home, a conflict) may change as the genuine events arrive, so it is not the one retried.
    const first = (await B.inbound.quarantine.list({ limit: 1000 })).find((q) => q.reasonCode === 'BAD_SIGNATURE');
    expect(first).toBeDefined();
    const outcome = await B.inbound.retry(first!.id);
    expect(outcome).toMatchObject({ kind: 'quarantined', id: first!.id, code: first!.reasonCode });
    expect((await B.inbound.quarantine.get(first!.id))!.attempts).toBe(first!.attempts + 1);
    expect(await B.inbound.retry('999999')).toBeUndefined();
  });

  it('given the relay restarted from an old checkpoint mid-way, then nothing is lost and duplicates are absorbed', async () => {
    const s = agreement();
    const first = await appendAs(A.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers']), ev.note('a')]);
    await sameEvents(B, s, first);
    await A.relay.stop();
    const whileStopped = await appendAs(A.store, 'vn-hue', s, [ev.note('b'), ev.note('c')]);
    // As if it crashed after the broker's ack but before saving the checkpoint: it resends from earlier.
    await A.sql.query('update federation_relay_checkpoints set position = $1', [(first[0]!.globalPosition - 1n).toString()]);
    const duplicatesBefore = (await B.registry.getSingleMetric('ketnoi_federation_inbound_duplicates_total')!.get()).values[0]?.value ?? 0;
    await A.restartRelay({ batchSize: 3 });
    await sameEvents(B, s, [...first, ...whileStopped]);
    await eventually('B absorbed the resent events', async () => {
      const now = (await B.registry.getSingleMetric('ketnoi_federation_inbound_duplicates_total')!.get()).values[0]?.value ?? 0;
      return now >= duplicatesBefore + 2;
    });
    expect(await streamOf(B, s)).toHaveLength(4);
  });
});
