import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import {
  currentSchemaVersion,
  decide,
  evolve,
  initialState,
  type AgreementCommand,
  type AgreementEvent,
  type Party,
} from '@ketnoi/domain';
import {
  createPgSqlClient,
  openPostgresEventStore,
  type EventStore,
  type EventToAppend,
  type Json,
  type SqlClient,
} from '@ketnoi/event-store';
import { executeOnStore } from '@ketnoi/agreements';
import { defaultSchemaPath, exportIati, importIati } from '@ketnoi/iati';
import type { Actor } from '@ketnoi/platform';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { v7 as uuidv7 } from 'uuid';
import { result, type BenchResult } from './result.js';

const AGREEMENTS = Number(process.env.BENCH_IATI_AGREEMENTS ?? 100_000);
const officer: Actor = { subject: 'officer@vn-hue', role: 'officer', node: 'vn-hue' };
const MiB = 1024 * 1024;

/**
 * IATI: export of AGREEMENTS agreements (activities/s and peak resident memory above the level
 * before the phase, vs reading the same streams without folding or writing XML), then import of
 * that file into a fresh node (activities/s and peak memory), against xmllint's own streaming
 * validation of the same file in the same run. On the PostgreSQL server, one schema per node.
 */
export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ketnoi-bench-iati-'));
  const origin = await openNode();
  const target = await openNode();
  try {
    await seed(origin.store, AGREEMENTS);
    const readOnly = await timed(() => readEveryStream(origin.store));
    const file = join(dir, 'export.xml');
    const exported = await timed(() =>
      pipeline(
        Readable.from(exportIati(origin.store, { actor: officer, publisherRef: 'XI-KETNOI-vn-hue' })),
        createWriteStream(file),
      ),
    );
    const bytes = (await stat(file)).size;
    const validated = await timed(() =>
      promisify(execFile)('xmllint', ['--noout', '--stream', '--schema', defaultSchemaPath(), file]),
    );
    const imported = await timed(() =>
      importIati(executeOnStore(target.store, 'vn-hue'), file, {
        actor: officer,
        node: { nodeId: 'vn-hue', defaultCountry: 'VN' },
      }),
    );
    return [
      result(
        `IATI export of ${AGREEMENTS} agreements (vs reading their streams only)`,
        AGREEMENTS / exported.seconds,
        'activities/s',
        AGREEMENTS / readOnly.seconds,
      ),
      result(
        'IATI export peak resident memory above start (vs reading streams only)',
        exported.peakMiB,
        'MiB',
        readOnly.peakMiB,
      ),
      result(
        `IATI import of the same file, ${(bytes / MiB).toFixed(0)} MiB (vs xmllint validating it)`,
        AGREEMENTS / imported.seconds,
        'activities/s',
        AGREEMENTS / validated.seconds,
      ),
      result(
        'IATI import peak resident memory above start (file size as baseline)',
        imported.peakMiB,
        'MiB',
        bytes / MiB,
      ),
    ];
  } finally {
    await origin.close();
    await target.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function openNode(): Promise<{ store: EventStore; close(): Promise<void> }> {
  const schema = uniqueSchemaName('bench_iati');
  const sql: SqlClient = await createPgSqlClient({ connectionString: testDatabaseUrl(), schema });
  const store = await openPostgresEventStore({ sql, nodeId: 'vn-hue' });
  return {
    store,
    async close() {
      await store.close();
      await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    },
  };
}

/** `fn`'s wall time and the highest RSS above the level when it started, sampled every 20 ms. */
async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; peakMiB: number; value: T }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    return {
      seconds: (performance.now() - t0) / 1000,
      peakMiB: (Math.max(peak, process.memoryUsage.rss()) - start) / MiB,
      value,
    };
  } finally {
    clearInterval(sampler);
  }
}

const hue: Party = {
  nodeId: 'vn-hue',
  name: "Thừa Thiên Huế Provincial People's Committee",
  role: 'PROVINCE',
  country: 'VN',
};
const donors: Party[] = [
  { nodeId: 'org-koica', name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
  { nodeId: 'org-adb', name: 'Asian Development Bank', role: 'AGENCY', country: 'PH' },
  { nodeId: 'fr-nevers', name: 'Ville de Nevers', role: 'CITY', country: 'FR' },
];

/** `count` drafted agreements with one commitment each, decided by the domain, appended 8 at a time. */
async function seed(store: EventStore, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const agreementId = uuidv7();
      const metadata = { actor: 'officer@vn-hue', actorNode: 'vn-hue', now: new Date().toISOString() };
      const partner = donors[i % donors.length]!;
      const commands: AgreementCommand[] = [
        {
          type: 'DraftAgreement',
          metadata,
          data: {
            agreementId,
            title: `Hợp tác thành phố thông minh số ${i}`,
            titleTranslations: {
              en: `Smart city cooperation no. ${i}`,
              fr: `Coopération ville intelligente n° ${i}`,
            },
            description: 'Cooperation on smart-city technical solutions, exchanges and investment promotion.',
            kind: 'GRANT',
            themes: ['smart-city', 'tourism'],
            parties: [hue, partner],
            startDate: '2021-01-01',
            endDate: '2025-12-31',
          },
        },
        {
          type: 'CommitFunding',
          metadata,
          data: {
            donor: partner.nodeId,
            amount: { amount: `${1000 + i}.50`, currency: 'USD' },
            committedOn: '2021-02-01',
          },
        },
      ];
      let state = initialState();
      const events: AgreementEvent[] = [];
      for (const command of commands) {
        for (const event of decide(command, state)) {
          events.push(event);
          state = evolve(state, event);
        }
      }
      const correlationId = uuidv7();
      await store.appendToStream(
        `agreement-${agreementId}`,
        events.map((event): EventToAppend => ({
          eventId: uuidv7(),
          type: event.type,
          schemaVersion: currentSchemaVersion(event.type),
          data: event.data as unknown as Json,
          metadata: {
            actor: metadata.actor,
            actorNode: 'vn-hue',
            originNode: 'vn-hue',
            correlationId,
            causationId: correlationId,
            occurredAt: metadata.now,
          },
        })),
        { expectedRevision: 'no_stream' },
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The baseline: list the agreement streams and read each one, nothing else. */
async function readEveryStream(store: EventStore): Promise<void> {
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return;
    for (const event of page) if (event.revision === 0) await store.readStream(event.streamId);
    after = page[page.length - 1]!.globalPosition;
  }
}
