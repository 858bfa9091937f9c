import { randomUUID } from 'node:crypto';
import { agreementEvents as ev, appendAs, startTestBroker, testIdentity, trustOf } from '../libs/federation/src/testing/index.js';
import { createKafka } from '../libs/federation/src/transport/index.js';
import { randomAgreementGraph, expectedEventCounts, minimumMessages, type PlannedAgreement } from './federation-support/agreement-graph.js';
import { bareFanOut } from './federation-support/bare-fan-out.js';
import { within } from './federation-support/within.js';
import { payloadBytes } from './federation-support/counting-publisher.js';
import { startScaleNode, type ScaleNode } from './federation-support/scale-node.js';
import { result, type BenchResult } from './result.js';

const NODES = Number(process.env.BENCH_FEDERATION_NODES ?? 20);
const AGREEMENTS = Number(process.env.BENCH_FEDERATION_AGREEMENTS ?? 100);
/** Events after each draft, written by the home. */
const NOTES = Number(process.env.BENCH_FEDERATION_NOTES ?? 4);
const SEED = Number(process.env.BENCH_FEDERATION_SEED ?? 4);
/** See bench/federation-latency.ts: the mock holds a fetch on an empty partition for the whole wait. */
const FETCH_WAIT_MS = Number(process.env.BENCH_FEDERATION_FETCH_WAIT_MS ?? 50);

/**
 * NODES nodes in one process (a PGlite store, a relay and an inbound each, one consumer group per
 * inbox) on the mock cluster, a random agreement graph from a seed: the time until every node holds
 * exactly the events of every agreement it is party to, and what the relays published to the
 * broker. Baselines: the same published batches replayed through bare kafkajs producers and
 * consumers; the fewest messages the graph needs; the events' payload sent once each.
 */
export async function run(): Promise<BenchResult[]> {
  const broker = await startTestBroker();
  const identities = Array.from({ length: NODES }, (_, i) => testIdentity(`city-${String(i + 1).padStart(2, '0')}`));
  const ids = identities.map((i) => i.nodeId);
  const trust = trustOf(identities);
  const nodes = await Promise.all(
    identities.map((identity) =>
      startScaleNode(identity, trust, createKafka({ brokers: broker.brokers, clientId: `ketnoi-${identity.nodeId}`, log: () => undefined }), FETCH_WAIT_MS),
    ),
  );
  try {
    // Warm-up: a ring of bilateral agreements reaches every inbox, so topics exist and every group
    // has joined (~3 s on the mock) before the clock starts.
    const ring = ids.map((home, i) => ({ agreementId: randomUUID(), home, parties: [home, ids[(i + 1) % NODES]!], notes: 0 }));
    const written = await appendGraph(nodes, ring);
    await converged(nodes, ring);
    for (const n of nodes) Object.assign(n.traffic, { messages: 0, bytes: 0 }).batches!.length = 0;

    const graph = randomAgreementGraph(ids, AGREEMENTS, NOTES, SEED);
    const start = performance.now();
    for (const [id, events] of await appendGraph(nodes, graph)) written.set(id, events);
    const appendMs = performance.now() - start;
    await converged(nodes, [...ring, ...graph]);
    const convergeMs = performance.now() - start;
    await holdExactly(nodes, [...ring, ...graph], written);

    const batches = nodes.map((n) => n.traffic.batches!);
    const bareMs = await bareFanOut(broker.brokers, batches, FETCH_WAIT_MS);
    const messages = nodes.reduce((sum, n) => sum + n.traffic.messages, 0);
    const bytes = nodes.reduce((sum, n) => sum + n.traffic.bytes, 0);
    const onceEach = new Map(batches.flat(2).map(({ message }) => [message.headers['ce_id'], payloadBytes(message)]));
    const onceBytes = [...onceEach.values()].reduce((a, b) => a + b, 0);
    const events = AGREEMENTS * (1 + NOTES);
    const setting = `${NODES} nodes, ${AGREEMENTS} agreements of 2–4 parties, ${events} events, seed ${SEED}, fetch wait ${FETCH_WAIT_MS} ms`;
    return [
      result(`federation converge, every node exactly its agreements' events: ${setting} (lower is better) vs same batches through bare kafkajs`, convergeMs, 'ms', bareMs),
      // The homes' appends share the one thread with every relay and inbound: part of the converge time, not all.
      result(`federation homes' appends of the graph's events, within converge: ${setting} (lower is better) vs converge`, appendMs, 'ms', convergeMs),
      result(`federation broker messages published: ${setting} (lower is better) vs one per event per other party`, messages, 'messages', minimumMessages(graph)),
      result(`federation broker payload bytes published: ${setting} (lower is better) vs each event's message once`, bytes / 1024, 'KiB', onceBytes / 1024),
    ];
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await broker.stop();
  }
}

/**
 * Each home writes its agreements (draft, then each note as its own append, as commands do), homes
 * in parallel. Returns the event ids written per agreement.
 */
async function appendGraph(nodes: readonly ScaleNode[], graph: readonly PlannedAgreement[]): Promise<Map<string, string[]>> {
  const written = new Map<string, string[]>();
  await Promise.all(
    nodes.map(async (node) => {
      for (const a of graph.filter((g) => g.home === node.nodeId)) {
        const stream = `agreement-${a.agreementId}`;
        const events = await appendAs(node.store, node.nodeId, stream, [ev.drafted(a.agreementId, a.home, a.parties)]);
        for (let i = 0; i < a.notes; i++) events.push(...(await appendAs(node.store, node.nodeId, stream, [ev.note(`progress report ${i + 1}`)])));
        written.set(a.agreementId, events.map((e) => e.eventId));
      }
    }),
  );
  return written;
}

/**
 * Polls each node's count of agreement events until it equals what its agreements hold. A node
 * that got there is not asked again (the polls share the nodes' one thread); `holdExactly` later
 * checks that none went past.
 */
async function converged(nodes: readonly ScaleNode[], graph: readonly PlannedAgreement[]): Promise<void> {
  const expected = expectedEventCounts(nodes.map((n) => n.nodeId), graph);
  const poll = async () => {
    let pending = [...nodes];
    while (pending.length > 0) {
      const counts = await Promise.all(pending.map((n) => n.agreementEventCount()));
      const over = pending.find((n, i) => counts[i]! > expected.get(n.nodeId)!);
      if (over) throw new Error(`${over.nodeId} holds more agreement events than it is party to`);
      pending = pending.filter((n, i) => counts[i]! < expected.get(n.nodeId)!);
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 50));
    }
  };
  await within(180_000, poll(), `${nodes.length} nodes converge`);
}

/** Every node holds exactly the event ids of its agreements, each once. */
async function holdExactly(nodes: readonly ScaleNode[], graph: readonly PlannedAgreement[], written: ReadonlyMap<string, string[]>): Promise<void> {
  for (const node of nodes) {
    const expected = new Set(graph.filter((a) => a.parties.includes(node.nodeId)).flatMap((a) => written.get(a.agreementId)!));
    const held = await node.agreementEventIds();
    const heldSet = new Set(held);
    if (held.length !== heldSet.size) throw new Error(`${node.nodeId} holds an event twice`);
    if (heldSet.size !== expected.size || [...expected].some((id) => !heldSet.has(id)))
      throw new Error(`${node.nodeId} holds ${heldSet.size} events, expected exactly ${expected.size} others`);
  }
}
