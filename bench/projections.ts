import { randomUUID } from 'node:crypto';
import {
  createPgliteSqlClient,
  createPgSqlClient,
  openPostgresEventStore,
  type EventStore,
  type SqlClient,
} from '@ketnoi/event-store';
import {
  createBareTableSql,
  FUNDING_TABLE,
  listAgreements,
  partnershipStatusProjection,
  ProjectionRunner,
  rebuildProjection,
  STATUS_TABLE,
} from '@ketnoi/projections';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { v7 as uuidv7 } from 'uuid';
import { percentile, result, type BenchResult } from './result.js';

/** Agreements in the log; each has 2 events (drafted, funding committed). */
const AGREEMENTS = Number(process.env.BENCH_PROJECTION_AGREEMENTS ?? 100_000);
const LAG_COMMANDS = Number(process.env.BENCH_PROJECTION_LAG_COMMANDS ?? 1000);
/** `pg,pglite` (default), or one of them. */
const BACKENDS = (process.env.BENCH_PROJECTION_BACKENDS ?? 'pg,pglite').split(',');
const CITIES = ['Huế', 'Cần Thơ', 'Đà Nẵng', 'Hà Nội', 'Hải Phòng', 'TP.HCM', 'Nevers', 'Le Havre'];

/**
 * Read side: rebuild of partnership-status from position 0 (events/s) vs a raw keyset scan of
 * the events table in the same database and run, on PGlite and on the PostgreSQL server; peak
 * RSS while rebuilding (PGlite's figure includes its in-memory database); the list query with a text filter over AGREEMENTS agreements (p50/p99);
 * projection lag under appends (p50/p99).
 */
export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  // The server first: its figures (peak RSS above all) then owe nothing to a PGlite database
  // that lived earlier in the same process.
  if (BACKENDS.includes('pg')) {
    const schema = uniqueSchemaName('bench_projections');
    const pg = await createPgSqlClient({ connectionString: testDatabaseUrl(), schema });
    try {
      out.push(...(await measure('PostgreSQL server', pg, false)));
    } finally {
      await pg.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pg.close();
    }
  }
  if (BACKENDS.includes('pglite')) {
    const pglite = await createPgliteSqlClient({});
    try {
      out.push(...(await measure('PGlite (in memory)', pglite, true)));
    } finally {
      await pglite.close();
    }
  }
  return out;
}

async function measure(backend: string, sql: SqlClient, withLag: boolean): Promise<BenchResult[]> {
  const store = await openPostgresEventStore({ sql, nodeId: 'vn-hue' });
  await seed(sql, AGREEMENTS);
  const events = AGREEMENTS * 2;

  // The baseline is the faster of two raw scans: rows column by column, and one JSON text per
  // row (which the store itself uses on PGlite), so the store's own read path is no excuse.
  const scanRate = Math.max(
    await rawScanRate(sql, '*'),
    await rawScanRate(sql, 'row_to_json(events)::text as e'),
  );

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const rebuildStart = performance.now();
  const rebuilt = await rebuildProjection(sql, store, partnershipStatusProjection);
  const rebuildRate = rebuilt.events / ((performance.now() - rebuildStart) / 1000);
  clearInterval(sampler);
  const floorRate = await scanAndWriteRate(sql, events, scanRate);

  const out = [
    result(
      `rebuild partnership-status ${backend}, ${events} events (vs fastest raw scan of events)`,
      rebuildRate,
      'events/s',
      scanRate,
    ),
    result(
      `raw scan, then the rebuilt rows written by INSERT ... SELECT in turn, ${backend}, ${events} events (a rebuild's least work, no fold) vs fastest raw scan`,
      floorRate,
      'events/s',
      scanRate,
    ),
    result(
      `peak RSS rebuilding ${events} events, ${backend} (lower is better)`,
      peakRss / 2 ** 20,
      'MiB',
      null,
    ),
  ];
  if (!withLag) return out;

  const samples: number[] = [];
  for (let i = 0; i < 60; i++) {
    const q = ['hue', 'can tho', 'da nang smart', 'nevers', 'ha noi 4', 'le havre 12'][i % 6]!;
    const start = performance.now();
    await listAgreements(sql, { q, limit: 50 }, { kind: 'all' });
    samples.push(performance.now() - start);
  }
  out.push(
    result(
      `list agreements q= over ${AGREEMENTS} agreements ${backend} p50 (lower is better)`,
      percentile(samples, 50),
      'ms',
      null,
    ),
    result(
      `list agreements q= over ${AGREEMENTS} agreements ${backend} p99 (lower is better)`,
      percentile(samples, 99),
      'ms',
      null,
    ),
  );
  out.push(...(await lagUnderLoad(backend, sql, store)));
  return out;
}

/**
 * Events/s if a rebuild cost only the raw scan and then writing its rows: the rebuilt tables are
 * copied into bare tables (primary key only, as the rebuild's shadow) inside the database, with no
 * fold, no client-side serialisation and no secondary index. The least work of any rebuild that
 * stores these rows, done one part after the other.
 */
async function scanAndWriteRate(sql: SqlClient, events: number, scanRate: number): Promise<number> {
  const floor = { status: 'bench_floor_status', funding: 'bench_floor_funding' };
  await sql.exec(
    `${createBareTableSql(STATUS_TABLE, floor.status)}\n${createBareTableSql(FUNDING_TABLE, floor.funding)}`,
  );
  try {
    const start = performance.now();
    await sql.exec(`insert into ${floor.status} select * from ${STATUS_TABLE.name};
      insert into ${floor.funding} select * from ${FUNDING_TABLE.name};`);
    const writeSeconds = (performance.now() - start) / 1000;
    return events / (events / scanRate + writeSeconds);
  } finally {
    await sql.exec(`drop table if exists ${floor.status}; drop table if exists ${floor.funding};`);
  }
}

/** Events/s of a keyset scan of the whole events table selecting `columns`, 2 000 rows a page. */
async function rawScanRate(sql: SqlClient, columns: string): Promise<number> {
  const start = performance.now();
  let scanned = 0;
  for (let after = '0'; ;) {
    const { rows } = await sql.query<{ global_position?: bigint; e?: string }>(
      `select ${columns}, global_position::text as p from events where global_position > $1 order by global_position limit 2000`,
      [after],
    );
    if (rows.length === 0) break;
    // Both scans end with JavaScript values, as a reader needs them.
    for (const row of rows) if (row.e !== undefined) JSON.parse(row.e);
    scanned += rows.length;
    after = (rows[rows.length - 1] as unknown as { p: string }).p;
  }
  return scanned / ((performance.now() - start) / 1000);
}

/** Appends from 4 concurrent writers while the runner polls; lag = committed by the projection - appended. */
async function lagUnderLoad(backend: string, sql: SqlClient, store: EventStore): Promise<BenchResult[]> {
  const runner = new ProjectionRunner(sql, store, partnershipStatusProjection, { log: () => undefined });
  await runner.start();
  await runner.waitFor(await store.headPosition(), 600_000);
  const appendedAt = new Map<bigint, number>();
  const lags: number[] = [];
  runner.onChanges((changes) => {
    const now = performance.now();
    for (const c of changes) {
      const at = appendedAt.get(c.position);
      if (at !== undefined) lags.push(now - at);
    }
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next++ < LAG_COMMANDS) {
        const appended = await store.appendToStream(`agreement-${uuidv7()}`, [drafted()], {
          expectedRevision: 'no_stream',
        });
        appendedAt.set(appended.position, performance.now());
      }
    }),
  );
  await runner.waitFor(await store.headPosition(), 60_000);
  await runner.stop();
  return [
    result(
      `projection lag under ${LAG_COMMANDS} appends (4 writers) ${backend} p50 (lower is better)`,
      percentile(lags, 50),
      'ms',
      null,
    ),
    result(
      `projection lag under ${LAG_COMMANDS} appends (4 writers) ${backend} p99 (lower is better)`,
      percentile(lags, 99),
      'ms',
      null,
    ),
  ];
}

function drafted() {
  const agreementId = uuidv7();
  return {
    eventId: uuidv7(),
    type: 'AgreementDrafted',
    schemaVersion: 1,
    data: {
      agreementId,
      homeNode: 'vn-hue',
      title: `Huế smart city ${agreementId.slice(-6)}`,
      titleTranslations: {},
      kind: 'GRANT',
      themes: ['smart-city'],
      parties: [{ nodeId: 'vn-hue', name: 'Huế', role: 'CITY', country: 'VN' }],
    },
    metadata: {
      actor: 'officer@vn-hue',
      actorNode: 'vn-hue',
      originNode: 'vn-hue',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt: new Date().toISOString(),
    },
  };
}

/**
 * Writes `agreements` x (AgreementDrafted, FundingCommitted) straight into the events table with
 * one INSERT ... SELECT: appending 200 000 events through the port would measure the append path
 * (bench/append-path.ts), not the read side. Hashes are placeholders that keep the chain's
 * foreign key satisfied; projections do not verify them.
 */
async function seed(sql: SqlClient, agreements: number): Promise<void> {
  const cities = `array[${CITIES.map((c) => `'${c}'`).join(',')}]`;
  for (let from = 1; from <= agreements; from += 50_000) {
    const to = Math.min(agreements, from + 49_999);
    await sql.exec(`
      insert into events (global_position, event_id, stream_id, revision, prev_revision, type, schema_version, data,
        actor, actor_node, origin_node, origin_revision, correlation_id, causation_id, occurred_at, recorded_at, prev_hash, hash)
      select 2 * i - 1 + r, md5('e' || i || '-' || r), 'agreement-' || id, r, case when r = 0 then null else 0 end,
        case when r = 0 then 'AgreementDrafted' else 'FundingCommitted' end, 1,
        case when r = 0 then jsonb_build_object(
          'agreementId', id, 'homeNode', 'vn-hue',
          'title', (${cities})[1 + i % ${CITIES.length}] || ' smart city cooperation ' || i,
          'titleTranslations', jsonb_build_object('vi', 'Hợp tác thành phố thông minh ' || (${cities})[1 + i % ${CITIES.length}]),
          'kind', 'GRANT', 'programme', 'Vietnam–France decentralised cooperation',
          'themes', jsonb_build_array('smart-city'),
          'parties', jsonb_build_array(
            jsonb_build_object('nodeId', 'vn-hue', 'name', 'Thừa Thiên Huế', 'role', 'CITY', 'country', 'VN'),
            jsonb_build_object('nodeId', 'org-koica', 'name', 'KOICA', 'role', 'DONOR', 'country', 'KR')))
        else jsonb_build_object('donor', 'org-koica', 'amount', jsonb_build_object('amount', (i * 1000)::text || '.50', 'currency', 'USD'), 'committedOn', '2024-01-01')
        end,
        'officer@vn-hue', 'vn-hue', 'vn-hue', r, 'c', 'c', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z',
        case when r = 0 then '${'0'.repeat(64)}' else md5('h' || i || '-0') end, md5('h' || i || '-' || r)
      from generate_series(${from}, ${to}) as i,
        lateral (select '00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0') as id) as ids,
        generate_series(0, 1) as r
      order by i, r;
      update log_head set position = ${2 * to};`);
  }
}
