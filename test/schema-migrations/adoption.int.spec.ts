import {
  createPgliteSqlClient,
  createPgSqlClient,
  exclusiveDdl,
  migrate,
  openPostgresEventStore,
  type SqlClient,
} from '@ketnoi/event-store';
import { anEvent } from '@ketnoi/event-store/testing';
import { migrateFederation } from '@ketnoi/federation';
import { migrateProjectionCheckpoints } from '@ketnoi/projections';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { IdempotencyStore } from '../../libs/agreements/src/http/idempotency/idempotency.store.js';
import {
  PRE_MIGRATION_EVENT_STORE,
  PRE_MIGRATION_FEDERATION,
  PRE_MIGRATION_IDEMPOTENCY,
  PRE_MIGRATION_PROJECTION_CHECKPOINTS,
} from './pre-migration-schemas.js';

/** A node deployed before migrations: its scripts ran, and it recorded a row in each feature. */
async function deployBeforeMigrations(sql: SqlClient): Promise<void> {
  for (const script of [
    PRE_MIGRATION_EVENT_STORE,
    PRE_MIGRATION_FEDERATION,
    PRE_MIGRATION_IDEMPOTENCY,
    PRE_MIGRATION_PROJECTION_CHECKPOINTS,
  ])
    await sql.exec(exclusiveDdl(script));
  await sql.query(
    `select append_one_event('e-1', 'agreement-old', 0, 'AgreementDrafted', 1, '{}'::jsonb, 'actor', 'hue', 'hue',
       'c-1', 'c-1', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '${'0'.repeat(64)}', '${'a'.repeat(64)}', null)`,
  );
  await sql.query(
    `insert into federation_quarantine (message, reason_code, reason, quarantined_at)
     values ('{}'::jsonb, 'BAD_SIGNATURE', 'signature does not verify', '2024-01-01T00:00:00Z')`,
  );
  await sql.query(
    `insert into idempotency_keys (scope, key, fingerprint, state, status, body)
     values ('agreements', 'k-1', 'fp-1', 'done', 201, '{"id":"a-1"}')`,
  );
  await sql.query(
    `insert into projection_checkpoints (name, position, version) values ('partnership-status', 1, 3)`,
  );
}

/** Every feature's migrations, as a node's start runs them. */
async function startNode(sql: SqlClient): Promise<void> {
  await migrate(sql);
  await migrateFederation(sql);
  await migrateProjectionCheckpoints(sql);
  const idempotency = new IdempotencyStore(sql);
  await idempotency.onModuleInit();
  idempotency.stopHeartbeat();
}

const schema = uniqueSchemaName('adopt');
const adapters: [string, () => Promise<SqlClient>][] = [
  ['PGlite', () => createPgliteSqlClient()],
  ['the PostgreSQL server', () => createPgSqlClient({ connectionString: testDatabaseUrl(), schema, max: 2 })],
];

describe.each(adapters)('a database created before migrations, on %s', (_adapter, open) => {
  let sql: SqlClient;
  beforeAll(async () => {
    sql = await open();
    await deployBeforeMigrations(sql);
  });
  afterAll(async () => {
    if (sql.dialect === 'postgres') await sql.exec(`drop schema if exists ${schema} cascade`);
    await sql.close();
  });

  it('given a node deployed before migrations, when this version starts on it, then it records the first migrations and keeps every row', async () => {
    await startNode(sql);

    const { rows } = await sql.query<{ owner: string; id: number }>(
      'select owner, id from schema_migrations order by owner, id',
    );
    expect(rows.map((r) => `${r.owner} ${r.id}`)).toEqual([
      'event-store 1',
      'federation 1',
      'idempotency 1',
      'idempotency 2',
      'projections 1',
      'projections 2',
    ]);
    expect((await sql.query('select event_id from events')).rows).toEqual([{ event_id: 'e-1' }]);
    expect((await sql.query('select reason_code from federation_quarantine')).rows).toEqual([
      { reason_code: 'BAD_SIGNATURE' },
    ]);
    expect((await sql.query('select name, position, version from projection_checkpoints')).rows).toEqual([
      { name: 'partnership-status', position: 1n, version: 3 },
    ]);
    const idempotency = new IdempotencyStore(sql);
    expect(await idempotency.claim('agreements', 'k-1', 'fp-1')).toEqual({
      kind: 'replay',
      response: { status: 201, body: { id: 'a-1' } },
    });
  });

  it('given the adopted database, when the log is appended to, then it goes on after the old position', async () => {
    const store = await openPostgresEventStore({ sql, nodeId: 'hue' });
    try {
      const appended = await store.appendToStream('agreement-new', [anEvent()]);

      expect(appended.position).toBe(2n);
    } finally {
      await store.close();
    }
  });

  it('given the adopted database, when this version starts again, then no migration runs twice', async () => {
    const before = await sql.query('select owner, id, applied_at from schema_migrations order by owner, id');

    await startNode(sql);

    expect(
      (await sql.query('select owner, id, applied_at from schema_migrations order by owner, id')).rows,
    ).toEqual(before.rows);
  });
});
