import type { EventStore } from '../../port/index.js';
import { openKurrentDbEventStore, type EventHashSigner } from '../kurrentdb-event-store.js';
import { openSqlCheckpointStore } from '../sql-checkpoint-store.js';
import { pgliteSqlClient } from './pglite-sql-client.js';

/**
 * A KurrentDB-backed store for a spec, on `connectionString`, with its checkpoints in a fresh
 * PGlite. Each call gets its own stream-name prefixes, so specs sharing one server (a real
 * KurrentDB keeps everything) see only their own streams through `$all`.
 */
export async function openTestKurrentDbStore(
  connectionString: string,
  scope: string,
  signer?: EventHashSigner,
): Promise<EventStore> {
  const sql = await pgliteSqlClient();
  const store = openKurrentDbEventStore({
    connectionString,
    nodeId: 'vn-can-tho',
    checkpoints: await openSqlCheckpointStore(sql),
    streamPrefixes: [`agreement-${scope}`, `endorsement-${scope}`],
    ...(signer ? { signer } : {}),
  });
  return {
    ...store,
    async close() {
      await store.close();
      await sql.close();
    },
  };
}
