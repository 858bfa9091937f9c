import { afterAll, beforeAll } from '@jest/globals';
import {
  startKurrentDbTestServer,
  type KurrentDbTestServer,
} from '../../../../test/kurrentdb-test-server/index.js';
import type { ReplicaStore } from '../port/index.js';
import type { SqlClient } from '../sql/sql-client.js';
import { describeEventStoreContract, describeReplicationContract } from '../testing/index.js';
import { kurrentDbContractStore } from './testing/contract-store.js';
import { pgliteSqlClient } from './testing/pglite-sql-client.js';

/**
 * The shared contract suite, unchanged, over the real client and real gRPC: against the test
 * double always, and against a real KurrentDB too when KURRENTDB_CONNECTION_STRING is set.
 * KurrentDB's positions are commit positions (increasing, not contiguous) and it dedupes eventIds
 * per stream only: the suite asserts the port's minimum there, and everything else in full.
 */
const KURRENTDB_CAPABILITIES = { contiguousPositions: false, eventIdUniqueAcrossStreams: false };

let server: KurrentDbTestServer;
let sql: SqlClient;
beforeAll(async () => {
  server = await startKurrentDbTestServer();
  sql = await pgliteSqlClient();
});
afterAll(async () => {
  await sql.close();
  await server.stop();
});

describeEventStoreContract(
  'KurrentDB adapter on the gRPC test double',
  kurrentDbContractStore(() => server.connectionString, () => sql),
  KURRENTDB_CAPABILITIES,
);

describeReplicationContract(
  'KurrentDB adapter on the gRPC test double',
  async () => {
    const opened = await kurrentDbContractStore(() => server.connectionString, () => sql)();
    return { store: opened.store as ReplicaStore, close: opened.close };
  },
  KURRENTDB_CAPABILITIES,
);

const realServer = process.env.KURRENTDB_CONNECTION_STRING;
if (realServer) {
  describeEventStoreContract(
    'KurrentDB adapter on KURRENTDB_CONNECTION_STRING',
    kurrentDbContractStore(() => realServer, () => sql),
    KURRENTDB_CAPABILITIES,
  );
}
