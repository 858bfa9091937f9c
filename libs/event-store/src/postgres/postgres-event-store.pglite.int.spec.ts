import { createPgliteSqlClient } from '../sql/pglite-sql-client.js';
import { describeEventStoreContract } from '../testing/index.js';
import { openPostgresEventStore } from './postgres-event-store.js';

// One in-memory database for the file: the contract reopens the same log to test resumption.
const sql = await createPgliteSqlClient();

describeEventStoreContract('PostgreSQL adapter on PGlite', async () => {
  const store = await openPostgresEventStore({ sql, nodeId: 'hue' });
  return { store, sql, close: () => store.close() };
});

afterAll(() => sql.close());
