import type { SqlClient } from '../../sql/sql-client.js';
import type { OpenedStore } from '../../testing/index.js';
import { openKurrentDbEventStore } from '../kurrentdb-event-store.js';
import { openSqlCheckpointStore } from '../sql-checkpoint-store.js';

/**
 * `openStore` for `describeEventStoreContract`: a KurrentDB store on `connectionString` whose
 * checkpoints live in `sql`; calling it again reopens the same log and the same checkpoints.
 * Usage (a test double per file, and a real server when KURRENTDB_CONNECTION_STRING is set):
 *   describeEventStoreContract('KurrentDB', kurrentDbContractStore(() => server.connectionString, () => sql));
 */
export const kurrentDbContractStore =
  (connectionString: () => string, sql: () => SqlClient) => async (): Promise<OpenedStore> => {
    const store = openKurrentDbEventStore({
      connectionString: connectionString(),
      nodeId: 'hue',
      checkpoints: await openSqlCheckpointStore(sql()),
    });
    return { store, sql: sql(), close: () => store.close() };
  };
