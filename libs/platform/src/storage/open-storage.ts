import { mkdir } from 'node:fs/promises';
import type { KetnoiConfig } from '@ketnoi/config';
import {
  createPgliteSqlClient,
  createPgSqlClient,
  openPostgresEventStore,
  type EventStore,
  type SqlClient,
} from '@ketnoi/event-store';

/** Storage the node cannot open as configured; the message is the one line printed at start. */
export class StorageStartError extends Error {
  readonly code = 'STORAGE_START_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageStartError';
  }
}

/** The node's open SQL database and event log, closed together. */
export interface OpenStorage {
  readonly sql: SqlClient;
  readonly store: EventStore;
  /** Closes the event store, then the database; later calls wait for the first. */
  close(): Promise<void>;
}

export type StorageConfig = Pick<KetnoiConfig, 'nodeId' | 'storage' | 'eventLog'>;

/** Opens the SQL client chosen by the configuration (PGlite or a PostgreSQL server) and the event store on it. */
export async function openStorage(config: StorageConfig): Promise<OpenStorage> {
  if (config.eventLog.kind === 'kurrentdb') {
    throw new StorageStartError(
      'KURRENTDB_CONNECTION_STRING is set, but this build has no KurrentDB event store yet: unset it to keep the event log in PostgreSQL',
    );
  }
  const where =
    config.storage.kind === 'pglite'
      ? `the PGlite data dir ${config.storage.dataDir}`
      : 'the PostgreSQL server of DATABASE_URL';
  const failed = (error: unknown) =>
    new StorageStartError(`cannot open ${where}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  let sql: SqlClient;
  try {
    sql = await openSqlClient(config.storage);
  } catch (error) {
    throw failed(error);
  }
  let store: EventStore;
  try {
    store = await openPostgresEventStore({ sql, nodeId: config.nodeId });
  } catch (error) {
    await sql.close().catch(() => undefined); // the open error is the one to report
    throw failed(error);
  }
  let closing: Promise<void> | undefined;
  return {
    sql,
    store,
    close: () =>
      (closing ??= (async () => {
        try {
          await store.close();
        } finally {
          await sql.close();
        }
      })()),
  };
}

async function openSqlClient(storage: KetnoiConfig['storage']): Promise<SqlClient> {
  const schema = storage.schema === undefined ? {} : { schema: storage.schema };
  if (storage.kind === 'pglite') {
    await mkdir(storage.dataDir, { recursive: true });
    return createPgliteSqlClient({ dataDir: storage.dataDir, ...schema });
  }
  return createPgSqlClient({ connectionString: storage.connectionString, ...schema });
}
