import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { createPgliteSqlClient } from './pglite-sql-client.js';
import { createPgSqlClient } from './pg-sql-client.js';
import type { SqlClient } from './sql-client.js';
import { MigrationFailedError, runMigrations, UnknownMigrationsError, type Migration } from './migrations.js';

// Each test owns a feature name and its tables, so the tests share one database per adapter.
const aFeature = () => {
  const owner = uniqueSchemaName('feature');
  const migrations: Migration[] = [
    { id: 1, name: 'items', sql: `create table ${owner}_items (id integer primary key)` },
    { id: 2, name: 'item labels', sql: `alter table ${owner}_items add column label text` },
    { id: 3, name: 'first item', sql: `insert into ${owner}_items (id, label) values (1, 'one')` },
  ];
  return { owner, migrations };
};

const recorded = async (sql: SqlClient, owner: string) =>
  (
    await sql.query<{ id: number; name: string }>(
      'select id, name from schema_migrations where owner = $1 order by id',
      [owner],
    )
  ).rows.map((r) => ({ id: Number(r.id), name: r.name }));

const schema = uniqueSchemaName('migr');
const adapters: [string, () => Promise<SqlClient>][] = [
  ['PGlite', () => createPgliteSqlClient()],
  ['the PostgreSQL server', () => createPgSqlClient({ connectionString: testDatabaseUrl(), schema, max: 2 })],
];

describe.each(adapters)('schema migrations on %s', (_adapter, open) => {
  let sql: SqlClient;
  beforeAll(async () => {
    sql = await open();
  });
  afterAll(async () => {
    if (sql.dialect === 'postgres') await sql.exec(`drop schema if exists ${schema} cascade`);
    await sql.close();
  });

  it('given a fresh database, when the migrations run, then all apply in order and are recorded', async () => {
    const { owner, migrations } = aFeature();

    const applied = await runMigrations(sql, owner, migrations);

    expect(applied).toEqual([1, 2, 3]);
    expect(await recorded(sql, owner)).toEqual(migrations.map(({ id, name }) => ({ id, name })));
    expect((await sql.query(`select id, label from ${owner}_items`)).rows).toEqual([{ id: 1, label: 'one' }]);
  });

  it('given migrations already applied, when they run again, then nothing is applied', async () => {
    const { owner, migrations } = aFeature();
    await runMigrations(sql, owner, migrations);

    const applied = await runMigrations(sql, owner, migrations);

    expect(applied).toEqual([]);
    expect((await sql.query(`select id from ${owner}_items`)).rows).toHaveLength(1);
  });

  it('given a database migrated by an older version, when the newer one runs, then only the new migrations apply', async () => {
    const { owner, migrations } = aFeature();
    await runMigrations(sql, owner, migrations.slice(0, 1));

    expect(await runMigrations(sql, owner, migrations)).toEqual([2, 3]);
  });

  it('given a database a newer version migrated, when this version runs, then it is refused naming the owner and the ids', async () => {
    const { owner, migrations } = aFeature();
    const newer = [
      ...migrations,
      { id: 4, name: 'newer', sql: 'select 1' },
      { id: 5, name: 'newest', sql: 'select 1' },
    ];
    await runMigrations(sql, owner, newer);

    const refused = runMigrations(sql, owner, migrations);

    await expect(refused).rejects.toBeInstanceOf(UnknownMigrationsError);
    await expect(refused).rejects.toMatchObject({ owner, ids: [4, 5], code: 'UNKNOWN_MIGRATIONS' });
    await expect(refused).rejects.toThrow(
      `schema of ${owner} holds migrations 4, 5 that this version does not know`,
    );
  });

  it('given a newer version migrated the database, when an older version with a pending migration runs, then it changes nothing', async () => {
    const { owner, migrations } = aFeature();
    await runMigrations(sql, owner, [migrations[0]!, { id: 4, name: 'newer', sql: 'select 1' }]);

    await expect(runMigrations(sql, owner, migrations)).rejects.toBeInstanceOf(UnknownMigrationsError);

    expect((await recorded(sql, owner)).map((m) => m.id)).toEqual([1, 4]);
  });

  it('given a migration that fails halfway, when the migrations run, then nothing of it remains and it is not recorded', async () => {
    const { owner, migrations } = aFeature();
    const failing: Migration = {
      id: 2,
      name: 'half done',
      sql: `create table ${owner}_extra (id integer); insert into ${owner}_items (id) values ('not a number')`,
    };

    const run = runMigrations(sql, owner, [migrations[0]!, failing]);

    await expect(run).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(run).rejects.toThrow(`migration ${owner} 2 (half done) failed`);
    expect(await recorded(sql, owner)).toEqual([{ id: 1, name: 'items' }]);
    const extra = await sql.query(`select to_regclass('${owner}_extra') as t`);
    expect(extra.rows).toEqual([{ t: null }]);
  });

  it('given two features with the same ids, when both run, then each records its own', async () => {
    const first = aFeature();
    const second = aFeature();

    await runMigrations(sql, first.owner, first.migrations);

    expect(await runMigrations(sql, second.owner, second.migrations)).toEqual([1, 2, 3]);
  });

  it('given ids out of order, when the migrations run, then they are refused before touching the database', async () => {
    const { owner, migrations } = aFeature();

    await expect(runMigrations(sql, owner, [migrations[1]!, migrations[0]!])).rejects.toThrow(
      `migrations of ${owner}: ids must ascend, 1 follows 2`,
    );
    expect((await sql.query(`select to_regclass('${owner}_items') as t`)).rows).toEqual([{ t: null }]);
  });
});

describe('schema migrations on the PostgreSQL server: runners starting together', () => {
  it('given four processes on one fresh schema, when each runs the migrations, then each migration is applied once', async () => {
    const fresh = uniqueSchemaName('migr_start');
    const clients = await Promise.all(
      Array.from({ length: 4 }, () =>
        createPgSqlClient({ connectionString: testDatabaseUrl(), schema: fresh, max: 1 }),
      ),
    );
    // Not idempotent on purpose: a second application fails (create) or shows (insert).
    const migrations: Migration[] = [
      { id: 1, name: 'runs', sql: 'create table runs (migration integer not null)' },
      { id: 2, name: 'second', sql: 'insert into runs values (2)' },
      { id: 3, name: 'third', sql: 'insert into runs values (3)' },
    ];
    try {
      const applied = await Promise.all(clients.map((db) => runMigrations(db, 'feature', migrations)));

      expect(applied.flat().sort()).toEqual([1, 2, 3]);
      expect((await clients[0]!.query('select migration from runs order by migration')).rows).toEqual([
        { migration: 2 },
        { migration: 3 },
      ]);
    } finally {
      await clients[0]!.exec(`drop schema if exists ${fresh} cascade`);
      await Promise.all(clients.map((db) => db.close()));
    }
  });
});
