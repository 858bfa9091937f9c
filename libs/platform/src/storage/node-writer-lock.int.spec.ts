import { describe, expect, it } from '@jest/globals';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
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

  it('given an unreachable server, then the start fails naming DATABASE_URL', async () => {
    await expect(
      lockNodeWriter({ connectionString: 'postgres://ketnoi:ketnoi@127.0.0.1:1/none', nodeId: 'vn-hue' }),
    ).rejects.toThrow(StorageStartError);
  });
});
