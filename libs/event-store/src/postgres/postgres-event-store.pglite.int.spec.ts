import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '../hash-chain/index.js';
import { createPgliteSqlClient } from '../sql/pglite-sql-client.js';
import { anEvent, describeEventStoreContract, describeReplicationContract } from '../testing/index.js';
import { openPostgresEventStore } from './postgres-event-store.js';

// One in-memory database for the file: the contract reopens the same log to test resumption.
const sql = await createPgliteSqlClient();

describeEventStoreContract('PostgreSQL adapter on PGlite', async () => {
  const store = await openPostgresEventStore({ sql, nodeId: 'hue' });
  return { store, sql, close: () => store.close() };
});

afterAll(() => sql.close());

describe('PostgreSQL adapter on PGlite: signing and durability', () => {
  it('given a signer, when appending, then the signature over the hash is stored and read back', async () => {
    const db = await createPgliteSqlClient({ schema: 'signed' });
    const store = await openPostgresEventStore({
      sql: db,
      nodeId: 'hue',
      signer: { sign: (h) => `sig:${h}` },
    });
    const { events } = await store.appendToStream('agreement-signed', [anEvent()]);
    const [read] = await store.readStream('agreement-signed');
    expect(read!.metadata.signature).toBe(`sig:${events[0]!.metadata.hash}`);
    await store.close();
    await db.close();
  });

  it('given more streams than the head cache holds, when an evicted stream is appended to, then it chains after its stored head', async () => {
    const db = await createPgliteSqlClient({ schema: 'small_cache' });
    const store = await openPostgresEventStore({ sql: db, nodeId: 'hue', headCacheSize: 2 });
    await store.appendToStream('agreement-a', [anEvent(), anEvent()]);
    await store.appendToStream('agreement-b', [anEvent()]);
    await store.appendToStream('agreement-c', [anEvent()]);

    const any = await store.appendToStream('agreement-a', [anEvent()]);
    await store.appendToStream('agreement-b', [anEvent()]);
    await store.appendToStream('agreement-c', [anEvent()]);
    const exact = await store.appendToStream('agreement-a', [anEvent()], { expectedRevision: 2 });

    expect([any.nextExpectedRevision, exact.nextExpectedRevision]).toEqual([2, 3]);
    expect(verifyChain(await store.readStream('agreement-a'))).toEqual({ ok: true });
    await store.close();
    await db.close();
  });

  it('given a data directory, when reopened, then the log and the stream heads are still there', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ketnoi-es-'));
    try {
      const first = await createPgliteSqlClient({ dataDir, schema: 'node_hue' });
      const a = await openPostgresEventStore({ sql: first, nodeId: 'hue' });
      await a.appendToStream('agreement-1', [anEvent(), anEvent()]);
      await a.close();
      await first.close();

      const second = await createPgliteSqlClient({ dataDir, schema: 'node_hue' });
      const b = await openPostgresEventStore({ sql: second, nodeId: 'hue' });
      // A fresh process has no cached head: 'any' must still chain after the stored revision 1.
      const r = await b.appendToStream('agreement-1', [anEvent()]);
      expect(r.nextExpectedRevision).toBe(2);
      expect(r.position).toBe(3n);
      expect(verifyChain(await b.readStream('agreement-1'))).toEqual({ ok: true });
      await b.close();
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describeReplicationContract('PostgreSQL adapter on PGlite', async () => {
  const db = await createPgliteSqlClient({ schema: 'replica' });
  const store = await openPostgresEventStore({ sql: db, nodeId: 'vn-hue' });
  return { store, close: async () => (await store.close(), await db.close()) };
});
