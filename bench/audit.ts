import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportTrail, verifyLog } from '@ketnoi/audit';
import { createPgliteSqlClient, hashEvent, hashedFieldsOf, openPostgresEventStore, type EventToAppend } from '@ketnoi/event-store';
import { nodeSigner, verifyHash } from '@ketnoi/federation/keys';
import { v7 as uuidv7 } from 'uuid';
import { result, type BenchResult } from './result.js';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 200_000);
const SMALL = Math.max(1000, Math.floor(EVENTS / 10));

const note = (i: number): EventToAppend => ({
  eventId: uuidv7(),
  type: 'NoteRecorded',
  schemaVersion: 1,
  data: { noteId: `n${i}`, text: `Biên bản họp số ${i}, Huế – Nevers` },
  metadata: {
    actor: 'officer@vn-hue',
    actorNode: 'vn-hue',
    originNode: 'vn-hue',
    correlationId: uuidv7(),
    causationId: uuidv7(),
    occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  },
});

/**
 * Audit verify: events/s recomputing every hash and signature from the log (PGlite) vs doing the
 * same hashing and signature checks on the same events already in memory (no database), in the
 * same run; and the export's peak resident memory at EVENTS/10 and at EVENTS.
 */
export async function run(): Promise<BenchResult[]> {
  const keys = generateKeyPairSync('ed25519');
  const sql = await createPgliteSqlClient({});
  const store = await openPostgresEventStore({ sql, nodeId: 'vn-hue', signer: nodeSigner('vn-hue', { privateKey: keys.privateKey }) });
  try {
    for (let i = 0; i < EVENTS; i += 100) {
      await store.appendToStream(`agreement-${uuidv7()}`, Array.from({ length: Math.min(100, EVENTS - i) }, (_, j) => note(i + j)));
    }
    const started = performance.now();
    const report = await verifyLog(store, () => keys.publicKey);
    const verifySeconds = (performance.now() - started) / 1000;
    if (report.breaks.length > 0 || report.events !== EVENTS) throw new Error(`verify found ${report.breaks.length} breaks in ${report.events} events`);

    const inMemory = await store.readAll({ maxCount: Math.min(EVENTS, 50_000) });
    const t = performance.now();
    for (const e of inMemory) {
      if (hashEvent(hashedFieldsOf(e)) !== e.metadata.hash || !verifyHash(keys.publicKey, e.metadata.hash, e.metadata.signature!))
        throw new Error('bad event');
    }
    const bareRate = inMemory.length / ((performance.now() - t) / 1000);

    const rssSmall = await peakRssWhile(() => drain(exportTrail(store, { to: new Date(Date.UTC(2026, 0, 1) + SMALL * 1000).toISOString() }, 'csv')));
    const rssAll = await peakRssWhile(() => drain(exportTrail(store, {}, 'csv')));
    return [
      result(`audit verify ${EVENTS} events, PGlite (vs hash + signature check in memory)`, EVENTS / verifySeconds, 'events/s', bareRate),
      result(`audit export CSV peak JS heap growth, ${EVENTS} events (vs ${SMALL} events)`, rssAll / 2 ** 20, 'MiB', rssSmall / 2 ** 20),
    ];
  } finally {
    await store.close();
    await sql.close();
  }
}

const drain = (readable: NodeJS.ReadableStream) =>
  pipeline(readable, new Writable({ write: (_chunk, _enc, done) => done() }));

/**
 * Peak growth of the JS heap above its level at the start. Not RSS: PGlite's WebAssembly memory,
 * grown by seeding the log, never shrinks and would hide the export's own use.
 */
async function peakRssWhile(work: () => Promise<void>): Promise<number> {
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().heapUsed) - start;
}
