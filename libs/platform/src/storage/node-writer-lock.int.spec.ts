import { describe, expect, it } from '@jest/globals';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import pg from 'pg';
import { NodeInUseError } from './data-dir-lock.js';
import { lockNodeWriter } from './node-writer-lock.js';
import { StorageStartError } from './storage-start-error.js';

// On the test PostgreSQL server; each test uses its own schema name, so suites never collide.
describe('the node writer lock on a PostgreSQL server', () => {
  const connectionString = testDatabaseUrl();

  it('given a writer for a node and schema, when a second claims the same, then it is refused naming the first; after release it gets it', async () => {
    const schema = uniqueSchemaName('writer');
    const first = await lockNodeWriter({ connectionString, nodeId: 'vn-hue', schema });
    try {
      const second = lockNodeWriter({ connectionString, nodeId: 'vn-hue', schema, command: 'ketnoi projections rebuild' });
      await expect(second).rejects.toThrow(NodeInUseError);
      await expect(second).rejects.toThrow(
        new RegExp(`^node vn-hue already has a writer on schema ${schema} of the PostgreSQL server of DATABASE_URL: ketnoi hub vn-hue pid ${process.pid} on .* since \\d{4}-`),
      );
    } finally {
      await first.release();
    }
    const again = await lockNodeWriter({ connectionString, nodeId: 'vn-hue', schema });
    await again.release();
  });

  it('given a writer for a node, then other nodes and other schemas get their own', async () => {
    const schema = uniqueSchemaName('writer');
    const locks = [
      await lockNodeWriter({ connectionString, nodeId: 'vn-hue', schema }),
      await lockNodeWriter({ connectionString, nodeId: 'fr-nevers', schema }),
      await lockNodeWriter({ connectionString, nodeId: 'vn-hue', schema: `${schema}_b` }),
    ];
    await Promise.all(locks.map((l) => l.release()));
  });

  it('given the services of a node as separate processes, then each runs once, they run beside each other, and the whole node excludes them all', async () => {
    const schema = uniqueSchemaName('writer');
    const lock = (service?: string) =>
      lockNodeWriter({ connectionString, nodeId: 'vn-hue', schema, ...(service ? { service, command: service } : {}) });
    const services = [await lock('agreements'), await lock('projections')];
    try {
      await expect(lock('agreements')).rejects.toThrow(
        new RegExp(`^node vn-hue already has a writer of agreements on schema ${schema} .*: ketnoi agreements vn-hue pid ${process.pid} `),
      );
      await expect(lock()).rejects.toThrow(new RegExp(`^node vn-hue already has a writer on schema ${schema} .*: ketnoi (agreements|projections) vn-hue `));
    } finally {
      await Promise.all(services.map((l) => l.release()));
    }
    const whole = await lock();
    try {
      await expect(lock('federation')).rejects.toThrow(new RegExp(`^node vn-hue already has a writer on schema ${schema} .*: ketnoi hub vn-hue `));
    } finally {
      await whole.release();
    }
  });

  it('given a writer whose connection the server cut, then it takes the lock again, or says loudly that another took it meanwhile', async () => {
    const schema = uniqueSchemaName('writer');
    const lines: string[] = [];
    const first = await lockNodeWriter({ connectionString, nodeId: 'vn-hue', schema, retryMs: 50, log: (line) => lines.push(line) });
    // The intruder waits in the lock's queue while the cut connection ends: it gets the lock
    // before the writer's next attempt, every time.
    const admin = new pg.Client({ connectionString, application_name: 'intruder' });
    await admin.connect();
    const key = `hashtext('ketnoi node writer'), hashtext('vn-hue/${schema}')`;
    const cut = (thenTake = false) =>
      admin.query(
        `select pg_terminate_backend(l.pid) from pg_locks l
          where l.locktype = 'advisory' and l.objsubid = 2 and (l.classid, l.objid) = (${key.replace(/, /, '::oid, ')}::oid);
         ${thenTake ? `select pg_advisory_lock(${key})` : ''}`,
      );
    const until = async (pattern: RegExp, times = 1) => {
      const count = () => lines.filter((l) => pattern.test(l)).length;
      for (let i = 0; i < 100 && count() < times; i++) await new Promise((done) => setTimeout(done, 50));
      expect(count()).toBe(times);
    };
    try {
      await cut();
      await until(/^writer lock: took node vn-hue's writer lock on schema \S+ again$/);
      expect(lines[0]).toMatch(/^warning: lost node vn-hue's writer lock on schema \S+ \(.*\); taking it again when the server answers$/);
      await expect(lockNodeWriter({ connectionString, nodeId: 'vn-hue', schema })).rejects.toThrow(NodeInUseError);

      await cut(true);
      await until(/^error: node vn-hue's writer lock on schema \S+ is now held by intruder( from \S+)? since \S+: two processes may be writing node vn-hue; stop one$/);
      await admin.query(`select pg_advisory_unlock(${key})`);
      await until(/again$/, 2);
    } finally {
      await admin.end();
      await first.release();
    }
  });

  it('given an unreachable server, then the start fails naming DATABASE_URL', async () => {
    await expect(
      lockNodeWriter({ connectionString: 'postgres://ketnoi:ketnoi@127.0.0.1:1/none', nodeId: 'vn-hue' }),
    ).rejects.toThrow(StorageStartError);
  });
});
