import pg from 'pg';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import type { RecordedEvent } from '../port/index.js';
import type { SqlClient } from '../sql/sql-client.js';
import { createPgSqlClient } from '../sql/pg-sql-client.js';
import { StoreUnavailableError } from '../port/errors.js';
import { anEvent, describeEventStoreContract, describeReplicationContract } from '../testing/index.js';
import { openPostgresEventStore } from './postgres-event-store.js';

const schema = uniqueSchemaName('es');
const sql = await createPgSqlClient({ connectionString: testDatabaseUrl(), schema, max: 8 });

afterAll(async () => {
  await sql.exec(`drop schema if exists ${schema} cascade`);
  await sql.close();
});

describeEventStoreContract('PostgreSQL adapter on a pg server', async () => {
  const store = await openPostgresEventStore({ sql, nodeId: 'hue', pollIntervalMs: 20 });
  return { store, sql, close: () => store.close() };
});

describeReplicationContract('PostgreSQL adapter on a pg server', async () => {
  const store = await openPostgresEventStore({ sql, nodeId: 'hue', pollIntervalMs: 20 });
  return { store, close: () => store.close() };
});

describe('PostgreSQL adapter on a pg server: commit order', () => {
  it('a subscriber cannot see position N+1 while the writer of N has not committed', async () => {
    const store = await openPostgresEventStore({ sql, nodeId: 'hue', pollIntervalMs: 20 });
    const start = await store.headPosition();
    const seen: RecordedEvent[] = [];
    const sub = store.subscribeToAll({
      subscriptionId: `order-${schema}`,
      startAfter: start,
      handle: async (e) => void seen.push(e),
    });
    // A slow writer on its own connection: it takes position N and sleeps before committing.
    const slow = new pg.Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${schema}` });
    await slow.connect();
    try {
      await slow.query('begin');
      const { rows } = await slow.query<{ position: string }>(
        'update log_head set position = position + 1 where id returning position',
      );
      expect(BigInt(rows[0]!.position)).toBe(start + 1n);
      // The fast writer must wait for the slow one: it cannot take N+1 before N is committed.
      let fastDone = false;
      const fast = store.appendToStream(`agreement-fast-${schema}`, [anEvent()]).then((r) => {
        fastDone = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(fastDone).toBe(false);
      expect(seen).toEqual([]);
      // The slow writer gives up: its position is released, not lost (no gap).
      await slow.query('rollback');
      const result = await fast;
      expect(result.position).toBe(start + 1n);
      const end = Date.now() + 5000;
      while (seen.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(seen.map((e) => e.globalPosition)).toEqual([start + 1n]);
    } finally {
      await slow.end();
      await sub.stop();
      await store.close();
    }
  });

  it('a slow append holding position N inside an open transaction is delivered before the fast N+1', async () => {
    const store = await openPostgresEventStore({ sql, nodeId: 'hue', pollIntervalMs: 20 });
    const start = await store.headPosition();
    const seen: RecordedEvent[] = [];
    const sub = store.subscribeToAll({
      subscriptionId: `order2-${schema}`,
      startAfter: start,
      handle: async (e) => void seen.push(e),
    });
    const slow = new pg.Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${schema}` });
    await slow.connect();
    // The adapter's own append statement, run on a connection whose transaction we keep open.
    const query = async <Row>(text: string, params?: readonly unknown[]) => {
      const r = await slow.query(text, params as unknown[]);
      return { rows: r.rows as Row[], affectedRows: r.rowCount ?? 0 };
    };
    const inOpenTx: SqlClient = {
      dialect: 'postgres',
      query,
      // Only the migration runner's check, before `begin`: `store` above applied them all.
      transaction: (fn) => fn({ query }),
      exec: async () => undefined,
      close: async () => undefined,
    };
    const slowStore = await openPostgresEventStore({ sql: inOpenTx, nodeId: 'hue' });
    try {
      await slow.query('begin');
      const slowResult = await slowStore.appendToStream(`agreement-slow-${schema}`, [anEvent()], {
        expectedRevision: 'no_stream',
      });
      expect(slowResult.position).toBe(start + 1n);
      let fastDone = false;
      const fast = store.appendToStream(`agreement-fast2-${schema}`, [anEvent()]).then((r) => {
        fastDone = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(fastDone).toBe(false);
      expect(seen).toEqual([]);
      await slow.query('commit');
      expect((await fast).position).toBe(start + 2n);
      const end = Date.now() + 5000;
      while (seen.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(seen.map((e) => e.globalPosition)).toEqual([start + 1n, start + 2n]);
    } finally {
      await slow.end();
      await sub.stop();
      await store.close();
    }
  });

  it('given processes starting together on one fresh schema, when each opens the store, then all migrate and append', async () => {
    const fresh = uniqueSchemaName('es_start');
    const clients = await Promise.all(
      Array.from({ length: 4 }, () =>
        createPgSqlClient({ connectionString: testDatabaseUrl(), schema: fresh, max: 1 }),
      ),
    );
    try {
      const stores = await Promise.all(
        clients.map((db) => openPostgresEventStore({ sql: db, nodeId: 'hue' })),
      );
      const appended = await Promise.all(
        stores.map((s, i) => s.appendToStream(`agreement-start-${i}`, [anEvent()])),
      );
      expect(appended.map((r) => r.position).sort()).toEqual([1n, 2n, 3n, 4n]);
    } finally {
      await clients[0]!.exec(`drop schema if exists ${fresh} cascade`);
      await Promise.all(clients.map((db) => db.close()));
    }
  });

  it('maps an unreachable server to StoreUnavailableError', async () => {
    const bad = await createPgSqlClient({ connectionString: 'postgres://ketnoi:ketnoi@127.0.0.1:1/none' });
    await expect(bad.query('select 1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await bad.close();
  });
});
