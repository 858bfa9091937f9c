import { randomUUID } from 'node:crypto';
import {
  createPgliteSqlClient,
  createPgSqlClient,
  openPostgresEventStore,
  GENESIS_HASH,
  type EventToAppend,
  type SqlClient,
} from '@ketnoi/event-store';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { v7 as uuidv7 } from 'uuid';
import { result, type BenchResult } from './result.js';

const EVENTS = Number(process.env.BENCH_APPEND_EVENTS ?? 2000);

const event = (): EventToAppend => ({
  eventId: uuidv7(),
  type: 'NoteRecorded',
  schemaVersion: 1,
  data: { noteId: randomUUID(), text: 'Hội thảo thành phố thông minh, Cần Thơ' },
  metadata: {
    actor: 'officer@vn-hue',
    actorNode: 'vn-hue',
    originNode: 'vn-hue',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: new Date().toISOString(),
  },
});

/**
 * Append path: events/s through the EventStore port (one new stream per event, or 10-event
 * batches) vs a raw parameterised INSERT of the same rows into a table of the same columns in the
 * same database, on PGlite and on the PostgreSQL server.
 */
export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const pglite = await createPgliteSqlClient({});
  out.push(...(await measure('PGlite', pglite)));
  await pglite.close();
  const schema = uniqueSchemaName('bench');
  const pg = await createPgSqlClient({ connectionString: testDatabaseUrl(), schema });
  try {
    out.push(...(await measure('PostgreSQL server', pg)));
  } finally {
    await pg.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pg.close();
  }
  return out;
}

async function measure(backend: string, sql: SqlClient): Promise<BenchResult[]> {
  const store = await openPostgresEventStore({ sql, nodeId: 'vn-hue' });
  await sql.exec(`CREATE TABLE raw_events (
    global_position bigserial PRIMARY KEY, event_id uuid UNIQUE NOT NULL, stream_id text NOT NULL,
    revision int NOT NULL, type text NOT NULL, schema_version int NOT NULL, data jsonb NOT NULL,
    metadata jsonb NOT NULL, prev_hash text NOT NULL, hash text NOT NULL, UNIQUE (stream_id, revision))`);
  const rawInsert = (e: EventToAppend, streamId: string, revision: number) =>
    sql.query(
      `INSERT INTO raw_events (event_id, stream_id, revision, type, schema_version, data, metadata, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [e.eventId, streamId, revision, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), GENESIS_HASH, GENESIS_HASH],
    );

  const single = await rate(EVENTS, async () => {
    await store.appendToStream(`agreement-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' });
  });
  const rawSingle = await rate(EVENTS, async () => {
    await rawInsert(event(), `agreement-${randomUUID()}`, 0);
  });
  const batch = await rate(EVENTS / 10, async () => {
    const events = Array.from({ length: 10 }, event);
    await store.appendToStream(`agreement-${randomUUID()}`, events, { expectedRevision: 'no_stream' });
  });
  const rawBatch = await rate(EVENTS / 10, async () => {
    const streamId = `agreement-${randomUUID()}`;
    await sql.transaction(async (tx) => {
      for (let i = 0; i < 10; i++) {
        const e = event();
        await tx.query(
          `INSERT INTO raw_events (event_id, stream_id, revision, type, schema_version, data, metadata, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [e.eventId, streamId, i, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), GENESIS_HASH, GENESIS_HASH],
        );
      }
    });
  });
  await store.close();
  return [
    result(`append 1 event via port, ${backend} (vs raw INSERT)`, single, 'events/s', rawSingle),
    result(`append 10-event batch via port, ${backend} (vs raw INSERTs in one transaction)`, batch * 10, 'events/s', rawBatch * 10),
  ];
}

async function rate(n: number, op: () => Promise<void>): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await op(); // warm-up
  const started = performance.now();
  for (let i = 0; i < n; i++) await op();
  return n / ((performance.now() - started) / 1000);
}
