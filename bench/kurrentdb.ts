import { randomUUID } from 'node:crypto';
import { jsonEvent, KurrentDBClient } from '@kurrent/kurrentdb-client';
import { openKurrentDbEventStore } from '../libs/event-store/src/kurrentdb/index.js';
import type { EventToAppend } from '../libs/event-store/src/port/index.js';
import { startKurrentDbTestServer } from '../test/kurrentdb-test-server/index.js';
import { result, type BenchResult } from './result.js';

const APPENDS = Number(process.env.BENCH_KURRENTDB_APPENDS ?? 2000);
const ROUNDS = 5;
const STREAMS = 20;

const event = (): EventToAppend => ({
  eventId: randomUUID(),
  type: 'NoteRecorded',
  schemaVersion: 1,
  data: { agreementId: randomUUID(), text: 'Cần Thơ – Ghent: water management, phase 2' },
  metadata: {
    actor: 'officer@vn-can-tho',
    actorNode: 'vn-can-tho',
    originNode: 'vn-can-tho',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: new Date().toISOString(),
  },
});

/**
 * Appends/s through the adapter (hash chain, envelope, expected revision) vs the bare
 * `@kurrent/kurrentdb-client` writing the same-sized events with the same expected revision, both
 * against the gRPC test double in this process, in alternating rounds so drift hits both alike.
 * Single-event appends on rotating streams, one in flight: the command path of the hub.
 */
export async function run(): Promise<BenchResult[]> {
  const server = await startKurrentDbTestServer();
  const store = openKurrentDbEventStore({
    connectionString: server.connectionString,
    nodeId: 'vn-can-tho',
    checkpoints: { load: async () => undefined, save: async () => undefined },
  });
  const bare = KurrentDBClient.connectionString(server.connectionString);
  const perRound = Math.ceil(APPENDS / ROUNDS);
  let adapterMs = 0;
  let bareMs = 0;
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      // Round 0 warms both paths (connections, JIT) and is not counted.
      const adapterStreams = Array.from({ length: STREAMS }, () => ({
        id: `agreement-${randomUUID()}`,
        next: -1,
      }));
      const bareStreams = Array.from({ length: STREAMS }, () => ({
        id: `agreement-${randomUUID()}`,
        next: -1,
      }));
      let t = performance.now();
      for (let i = 0; i < perRound; i++) {
        const s = adapterStreams[i % STREAMS]!;
        const r = await store.appendToStream(s.id, [event()], {
          expectedRevision: s.next < 0 ? 'no_stream' : s.next,
        });
        s.next = r.nextExpectedRevision;
      }
      if (round > 0) adapterMs += performance.now() - t;
      t = performance.now();
      for (let i = 0; i < perRound; i++) {
        const s = bareStreams[i % STREAMS]!;
        const e = event();
        // Same payload shape and size as the adapter's: the envelope metadata with hashes.
        const metadata = {
          schemaVersion: 1,
          envelope: {
            ...e.metadata,
            originRevision: s.next + 1,
            recordedAt: e.metadata.occurredAt,
            prevHash: '0'.repeat(64),
            hash: 'f'.repeat(64),
          },
        };
        const r = await bare.appendToStream(
          s.id,
          jsonEvent({ id: e.eventId, type: e.type, data: e.data as Record<string, string>, metadata }),
          {
            streamState: s.next < 0 ? 'no_stream' : BigInt(s.next),
          },
        );
        s.next = Number(r.nextExpectedRevision);
      }
      if (round > 0) bareMs += performance.now() - t;
    }
  } finally {
    await store.close();
    await bare.dispose();
    await server.stop();
  }
  const total = perRound * ROUNDS;
  const adapterRate = (total / adapterMs) * 1000;
  const bareRate = (total / bareMs) * 1000;
  return [
    result(
      'kurrentdb: appends/s through the adapter (baseline: bare client)',
      adapterRate,
      'appends/s',
      bareRate,
    ),
  ];
}
