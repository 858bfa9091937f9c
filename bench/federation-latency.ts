import { randomUUID } from 'node:crypto';
import { partnershipStatusProjection, ProjectionRunner } from '@ketnoi/projections';
import { encodeEvent } from '../libs/federation/src/cloudevents/index.js';
import { Inbound } from '../libs/federation/src/inbound/index.js';
import { Relay } from '../libs/federation/src/relay/index.js';
import {
  agreementEvents as ev,
  appendAs,
  openTestNodeStore,
  startTestBroker,
  testIdentity,
  trustOf,
} from '../libs/federation/src/testing/index.js';
import { inboxTopicFor } from '../libs/federation/src/topics.js';
import { createKafka, createKafkaInboxConsumer, createKafkaPublisher } from '../libs/federation/src/transport/index.js';
import { bareRoundTrip, within } from './federation-support/bare-round-trip.js';
import { fireAtRate } from './federation-support/open-loop.js';
import { percentile, result, type BenchResult } from './result.js';

const SECONDS = Number(process.env.BENCH_FEDERATION_LATENCY_SECONDS ?? 10);
const RATES = (process.env.BENCH_FEDERATION_LATENCY_RATES ?? '100,1000').split(',').map(Number);
/**
 * The mock cluster answers a fetch on an empty partition only after the full fetch wait (a real
 * broker answers when data arrives), so with kafkajs' 5 s default every hop would measure the mock.
 * Short and the same for the inbound and the baseline.
 */
const FETCH_WAIT_MS = Number(process.env.BENCH_FEDERATION_FETCH_WAIT_MS ?? 10);
/** Agreements homed at the origin with the recipient as party; the load's notes go round them. */
const AGREEMENTS = 20;

type Node = Awaited<ReturnType<typeof openTestNodeStore>>;

/**
 * End-to-end federation latency: from the origin's append returning to the event's change in the
 * recipient's partnership-status projection, through the real relay (poll 50 ms, acks=all), the
 * mock Kafka cluster, the inbound (verify, dedupe, store) and the projection runner (poll 50 ms),
 * at a fixed open-loop rate. Baseline: a bare kafkajs produce→consume round trip of a message of
 * the same size, at the same rate, on the same broker, just before.
 */
export async function run(): Promise<BenchResult[]> {
  const broker = await startTestBroker();
  const hue = testIdentity('vn-hue');
  const nevers = testIdentity('fr-nevers');
  const trust = trustOf([hue, nevers]);
  const origin = await openTestNodeStore(hue);
  const recipient = await openTestNodeStore(nevers);
  const kafka = createKafka({ brokers: broker.brokers, clientId: 'bench-latency', log: () => undefined });
  const publisher = await createKafkaPublisher(kafka, { createTopics: false });
  const relay = new Relay({ store: origin.store, sql: origin.sql, nodeId: 'vn-hue', publisher, log: () => undefined });
  const consumer = createKafkaInboxConsumer(kafka, { topic: inboxTopicFor('fr-nevers'), groupId: 'ketnoi.inbound.fr-nevers', maxWaitTimeMs: FETCH_WAIT_MS });
  const inbound = new Inbound({ store: recipient.store, sql: recipient.sql, nodeId: 'fr-nevers', trust, consumer, log: () => undefined });
  const runner = new ProjectionRunner(recipient.sql, recipient.store, partnershipStatusProjection, { log: () => undefined });
  const projectedAt = new Map<string, number>();
  runner.onChanges((changes) => {
    const now = performance.now();
    for (const c of changes) projectedAt.set(c.position.toString(), now);
  });
  try {
    await inbound.start();
    relay.start();
    await runner.start();
    // Warm-up: the drafts and one note go all the way through (topic auto-created, group joined).
    const streams = Array.from({ length: AGREEMENTS }, () => `agreement-${randomUUID()}`);
    for (const s of streams) await appendAs(origin.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers'])]);
    const [note] = await appendAs(origin.store, 'vn-hue', streams[0]!, [ev.note('progress report 0')]);
    await replicated(recipient, runner, 0n, AGREEMENTS + 1);
    const sample = encodeEvent(note!, { sourceNode: 'vn-hue' });

    const out: BenchResult[] = [];
    for (const rate of RATES) {
      const count = Math.round(rate * SECONDS);
      const bare = await bareRoundTrip(broker.brokers, sample, { count, perSecond: rate, maxWaitTimeMs: FETCH_WAIT_MS });
      const after = await recipient.store.headPosition();
      const appendedAt = new Map<string, number>();
      const start = performance.now();
      let lastAppend = start;
      // One append at a time per stream, as a command handler does it (concurrent writers to one
      // stream race for the revision, and the store retries only a few times); streams in parallel.
      const tails = new Map<string, Promise<unknown>>();
      await fireAtRate(count, rate, (i) => {
        const stream = streams[i % AGREEMENTS]!;
        const append = (tails.get(stream) ?? Promise.resolve()).then(async () => {
          const [e] = await appendAs(origin.store, 'vn-hue', stream, [ev.note(`progress report ${i}`)]);
          appendedAt.set(e!.eventId, (lastAppend = performance.now()));
        });
        tails.set(stream, append);
        return append;
      });
      const latencies: number[] = [];
      for (const { eventId, position } of await replicated(recipient, runner, after, count))
        latencies.push(projectedAt.get(position)! - appendedAt.get(eventId)!);
      const setting = `at ${rate} ev/s, ${SECONDS} s, ${AGREEMENTS} agreements, fetch wait ${FETCH_WAIT_MS} ms`;
      for (const p of [50, 99])
        out.push(
          result(
            `federation append→recipient projection p${p} ${setting} (lower is better) vs bare kafkajs produce→consume`,
            percentile(latencies, p),
            'ms',
            percentile(bare, p),
          ),
        );
      // Below the offered rate means the one Node thread (both nodes, relay, inbound, projection) saturated.
      out.push(result(`federation origin appends/s achieved vs offered ${setting}`, count / ((lastAppend - start) / 1000), 'events/s', rate));
    }
    return out;
  } finally {
    await relay.stop();
    await inbound.stop();
    await runner.stop();
    await publisher.close();
    for (const node of [origin, recipient]) {
      await node.store.close();
      await node.sql.close();
    }
    await broker.stop();
  }
}

/**
 * Waits until the recipient stored `count` events after `after` and its projection applied them;
 * returns their event ids and local positions (the projection's changes are keyed by position).
 */
async function replicated(node: Node, runner: ProjectionRunner, after: bigint, count: number): Promise<{ eventId: string; position: string }[]> {
  const stored = async () => {
    for (;;) {
      const { rows } = await node.sql.query<{ event_id: string; global_position: bigint }>(
        'select event_id, global_position from events where global_position > $1 order by global_position',
        [after.toString()],
      );
      if (rows.length >= count) return rows;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const rows = await within(120_000, stored(), `recipient stores ${count} events`);
  const last = BigInt(rows[rows.length - 1]!.global_position);
  if (!(await runner.waitFor(last, 60_000))) throw new Error(`recipient projection did not reach position ${last}`);
  return rows.map((r) => ({ eventId: r.event_id, position: String(r.global_position) }));
}
