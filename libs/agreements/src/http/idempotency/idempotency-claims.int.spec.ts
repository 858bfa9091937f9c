import { afterAll, describe, expect, it } from '@jest/globals';
import { createPgliteSqlClient, createPgSqlClient, type SqlClient } from '@ketnoi/event-store';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { IdempotencyStore } from './idempotency.store.js';

// A process that dies between claiming a key and completing it must not leave the key answering
// 409 "in progress" for minutes: its claims are released when the next process starts.
const started = async (sql: SqlClient) => {
  const store = new IdempotencyStore(sql);
  await store.onModuleInit();
  return store;
};

describe('idempotency claims of a process that died, on PGlite (one process per data dir)', () => {
  let sql: SqlClient;
  afterAll(async () => sql.close());

  it('given a key claimed by a process that crashed, when the next process starts, then the key can be claimed again at once', async () => {
    sql = await createPgliteSqlClient({});
    const crashed = await started(sql);
    expect(await crashed.claim('officer@vn-hue', 'key-1', 'f1')).toEqual({ kind: 'claimed' });
    crashed.stopHeartbeat(); // what a crash does; no release, no cleanup

    const next = await started(sql);
    expect(await next.claim('officer@vn-hue', 'key-1', 'f1')).toEqual({ kind: 'claimed' });
    expect(await next.claim('officer@vn-hue', 'key-1', 'f1')).toEqual({ kind: 'in_progress' });
    next.onModuleDestroy();
  });
});

describe('idempotency claims on the PostgreSQL server (several processes on one schema)', () => {
  const schema = uniqueSchemaName('idem');
  const pools: SqlClient[] = [];
  const connect = async () => {
    const sql = await createPgSqlClient({ connectionString: testDatabaseUrl(), schema });
    pools.push(sql);
    return sql;
  };
  afterAll(async () => {
    await pools[0]?.exec(`drop schema if exists ${schema} cascade`);
    for (const sql of pools) await sql.close();
  });

  it('given one process that crashed and one alive, when a third starts, then only the dead one’s claims are released', async () => {
    const crashed = await started(await connect());
    const alive = await started(await connect());
    expect(await crashed.claim('officer@vn-hue', 'dead-key', 'f1')).toEqual({ kind: 'claimed' });
    expect(await alive.claim('officer@vn-hue', 'live-key', 'f2')).toEqual({ kind: 'claimed' });
    crashed.stopHeartbeat();
    // Its last heartbeat ages past the limit, as it does 30 s after a crash.
    await pools[0]!.query(`update idempotency_owners set seen_at = now() - interval '1 minute' where instance_id = $1`, [crashed.instanceId]);

    const third = await started(await connect());
    expect(await third.claim('officer@vn-hue', 'dead-key', 'f1')).toEqual({ kind: 'claimed' });
    expect(await third.claim('officer@vn-hue', 'live-key', 'f2')).toEqual({ kind: 'in_progress' });
    alive.onModuleDestroy();
    third.onModuleDestroy();
  });

  it('given a process that died while others run on, when a request retries its key after the heartbeat limit, then it is taken over without a restart', async () => {
    const crashed = await started(await connect());
    const alive = await started(await connect());
    expect(await crashed.claim('partner@fr-nevers', 'key-2', 'f3')).toEqual({ kind: 'claimed' });
    expect(await alive.claim('partner@fr-nevers', 'key-2', 'f3')).toEqual({ kind: 'in_progress' });
    crashed.stopHeartbeat();
    await pools[0]!.query(`update idempotency_owners set seen_at = now() - interval '1 minute' where instance_id = $1`, [crashed.instanceId]);
    expect(await alive.claim('partner@fr-nevers', 'key-2', 'f3')).toEqual({ kind: 'claimed' });
    alive.onModuleDestroy();
  });
});
