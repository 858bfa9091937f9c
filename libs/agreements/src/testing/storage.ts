import { createPgliteSqlClient, createPgSqlClient, openPostgresEventStore } from '@ketnoi/event-store';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import type { TestStorage } from './agreements-test-app.js';

/** PGlite in memory: a fresh database per call. */
export async function pgliteStorage(nodeId = 'vn-hue'): Promise<TestStorage> {
  const sql = await createPgliteSqlClient({});
  return { sql, store: await openPostgresEventStore({ sql, nodeId }) };
}

/** A fresh schema of the PostgreSQL test server; dropped by `dropSchema` before closing. */
export async function postgresStorage(
  nodeId = 'vn-hue',
): Promise<TestStorage & { dropSchema(): Promise<void> }> {
  const schema = uniqueSchemaName('agreements');
  const sql = await createPgSqlClient({ connectionString: testDatabaseUrl(), schema });
  const store = await openPostgresEventStore({ sql, nodeId });
  return { sql, store, dropSchema: () => sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}
