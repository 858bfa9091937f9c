import { partnershipStatusProjection, ProjectionRunner } from '@ketnoi/projections';
import { Inbound } from '../libs/federation/src/inbound/index.js';
import { openTestNodeStore, startTestBroker, testIdentity, trustOf } from '../libs/federation/src/testing/index.js';
import { inboxTopicFor } from '../libs/federation/src/topics.js';
import { createKafka, createKafkaInboxConsumer } from '../libs/federation/src/transport/index.js';
import { bareRoundTrip } from './federation-support/bare-round-trip.js';
import { within } from './federation-support/within.js';
import { epochNow } from './federation-support/epoch-clock.js';
import { startOriginThread } from './federation-support/origin-thread.js';
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
 * recipient's partnership-status projection, through the real relay (hub default poll 50 ms,
 * acks=all), the mock Kafka cluster, the inbound (verify, dedupe, store) and the projection runner
 * (default poll 50 ms), at a fixed open-loop rate. The origin runs in a worker thread (nodes are
 * separate processes); the recipient in this one. Baseline: a bare kafkajs produce→consume round
 * trip of a message of the same size, at the same rate, on the same broker, just before.
 */
export async function run(): Promise<BenchResult[]> {
  const broker = await startTestBroker();
  const hue = testIdentity('vn-hue');
  const nevers = testIdentity('fr-nevers');
  const trust = trustOf([hue, nevers]);
  const recipient = await openTestNodeStore(nevers);
  const kafka = createKafka({ brokers: broker.brokers, clientId: 'ketnoi-fr-nevers', log: () => undefined });
  const consumer = createKafkaInboxConsumer(kafka, { topic: inboxTopicFor('fr-nevers'), groupId: 'ketnoi.inbound.fr-nevers', maxWaitTimeMs: FETCH_WAIT_MS });
  const inbound = new Inbound({ store: recipient.store, sql: recipient.sql, nodeId: 'fr-nevers', trust, consumer, log: () => undefined });
  const runner = new ProjectionRunner(recipient.sql, recipient.store, partnershipStatusProjection, { log: () => undefined });
  const projectedAt = new Map<string, number>();
  runner.onChanges((changes) => {
    const now = epochNow();
    for (const c of changes) projectedAt.set(c.position.toString(), now);
  });
  await inbound.start();
  await runner.start();
  // Warm-up: the drafts and one note go all the way through (topic auto-created, group joined).
  const origin = await startOriginThread(hue, broker.brokers, 'fr-nevers', AGREEMENTS);
  try {
    await replicated(recipient, runner, 0n, AGREEMENTS + 1);
    const out: BenchResult[] = [];
    for (const rate of RATES) {
      const count = Math.round(rate * SECONDS);
      const bare = await bareRoundTrip(broker.brokers, origin.sample, { count, perSecond: rate, maxWaitTimeMs: FETCH_WAIT_MS });
      const after = await recipient.store.headPosition();
      const start = epochNow();
      const appended = await origin.load(count, rate);
      const appendedAt = new Map(appended);
      const toStore: number[] = [];
      const toProjection: number[] = [];
      let lastProjected = 0;
      for (const { eventId, position, recordedAt } of await replicated(recipient, runner, after, count)) {
        const appendedMs = appendedAt.get(eventId)!;
        const projectedMs = projectedAt.get(position)!;
        lastProjected = Math.max(lastProjected, projectedMs);
        // recorded_at has ms resolution: enough to show which stage the time goes to.
        toStore.push(Date.parse(recordedAt) - appendedMs);
        toProjection.push(projectedMs - appendedMs);
      }
      const setting = `at ${rate} ev/s, ${SECONDS} s, ${AGREEMENTS} agreements, fetch wait ${FETCH_WAIT_MS} ms`;
      for (const p of [50, 99])
        out.push(
          result(
            `federation append→recipient projection p${p} ${setting} (lower is better) vs bare kafkajs produce→consume`,
            percentile(toProjection, p),
            'ms',
            percentile(bare, p),
          ),
          result(
            `federation append→recipient store (inbound done) p${p} ${setting} (lower is better) vs bare kafkajs produce→consume`,
            percentile(toStore, p),
            'ms',
            percentile(bare, p),
          ),
        );
      // Below the offered rate: the recipient (inbound and projection on one thread) fell behind.
      out.push(result(`federation recipient projected events/s vs offered ${setting}`, count / ((lastProjected - start) / 1000), 'events/s', rate));
      // Below the offered rate means the origin's thread (appends, relay, PGlite) saturated.
      const lastAppend = Math.max(...appended.map(([, at]) => at));
      out.push(result(`federation origin appends/s achieved vs offered ${setting}`, count / ((lastAppend - start) / 1000), 'events/s', rate));
    }
    return out;
  } finally {
    await origin.stop();
    await inbound.stop();
    await runner.stop();
    await recipient.store.close();
    await recipient.sql.close();
    await broker.stop();
  }
}

/**
 * Waits until the recipient stored `count` events after `after` and its projection applied them;
 * returns their event ids and local positions (the projection's changes are keyed by position).
 */
async function replicated(node: Node, runner: ProjectionRunner, after: bigint, count: number): Promise<{ eventId: string; position: string; recordedAt: string }[]> {
  // Count while waiting (cheap, the recipient is still catching up on this thread); read the rows once.
  const stored = async () => {
    for (;;) {
      const { rows } = await node.sql.query<{ n: number }>('select count(*)::int as n from events where global_position > $1', [after.toString()]);
      if (Number(rows[0]!.n) >= count) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await within(120_000, stored(), `recipient stores ${count} events`);
  const { rows } = await node.sql.query<{ event_id: string; global_position: bigint; recorded_at: string }>(
    'select event_id, global_position, recorded_at from events where global_position > $1 order by global_position',
    [after.toString()],
  );
  const last = BigInt(rows[rows.length - 1]!.global_position);
  if (!(await runner.waitFor(last, 60_000))) throw new Error(`recipient projection did not reach position ${last}`);
  return rows.map((r) => ({ eventId: r.event_id, position: String(r.global_position), recordedAt: r.recorded_at }));
}
