import { mkdir } from 'node:fs/promises';
import type { KetnoiConfig } from '@ketnoi/config';
import {
  createPgliteSqlClient,
  createPgSqlClient,
  openPostgresEventStore,
  type EventStore,
  type SqlClient,
} from '@ketnoi/event-store';
import type { EventHashSigner } from '@ketnoi/event-store/kurrentdb';
import { StorageStartError } from './storage-start-error.js';

// One entry for everything a process needs to open a node's storage (tsconfig maps
// @ketnoi/platform/storage here so the hub's start does not load Nest first).
export * from './storage-start-error.js';
export * from './data-dir-lock.js';
export * from './node-claim.js';

/** The node's open SQL database and event log, closed together. */
export interface OpenStorage {
  readonly sql: SqlClient;
  readonly store: EventStore;
  /** Closes the event store, then the database; later calls wait for the first. */
  close(): Promise<void>;
}

export type StorageConfig = Pick<KetnoiConfig, 'nodeId' | 'storage' | 'eventLog'>;

export interface OpenStorageOptions {
  /** Signs each appended event's hash as this node (federation's node key). */
  readonly signer?: EventHashSigner;
  /** Where start-up warnings go (one line each). @defaultValue stderr */
  readonly log?: (line: string) => void;
  /** An initialised PGlite data dir (gzip tarball) that a first start unpacks instead of running initdb. */
  readonly pgliteTemplate?: string;
}

/**
 * Opens the SQL client chosen by the configuration (PGlite or a PostgreSQL server) and the event
 * log: on the same database, or in KurrentDB when `KURRENTDB_CONNECTION_STRING` is set (read
 * models and checkpoints stay in SQL either way).
 */
export async function openStorage(config: StorageConfig, options: OpenStorageOptions = {}): Promise<OpenStorage> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const where =
    config.storage.kind === 'pglite'
      ? `the PGlite data dir ${config.storage.dataDir}`
      : 'the PostgreSQL server of DATABASE_URL';
  const failed = (error: unknown) =>
    error instanceof StorageStartError
      ? error
      : new StorageStartError(`cannot open ${where}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
  let sql: SqlClient;
  try {
    sql = await openSqlClient(config.storage, options.pgliteTemplate);
  } catch (error) {
    throw failed(error);
  }
  let store: EventStore;
  try {
    store =
      config.eventLog.kind === 'kurrentdb'
        ? await openKurrentDbLog(config.eventLog.connectionString, config.nodeId, sql, options.signer, log)
        : await openPostgresEventStore({
            sql,
            nodeId: config.nodeId,
            ...(options.signer ? { signer: options.signer } : {}),
          });
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

async function openSqlClient(storage: KetnoiConfig['storage'], template?: string): Promise<SqlClient> {
  const schema = storage.schema === undefined ? {} : { schema: storage.schema };
  if (storage.kind === 'pglite') {
    await mkdir(storage.dataDir, { recursive: true });
    return createPgliteSqlClient({ dataDir: storage.dataDir, ...schema, ...(template ? { template } : {}) });
  }
  return createPgSqlClient({ connectionString: storage.connectionString, ...schema });
}

/**
 * KurrentDB connects lazily: a malformed string stops the start (naming the variable), an
 * unreachable server does not; it logs one line and `/health/ready` (which asks the store for its
 * head) keeps failing until the server answers.
 */
async function openKurrentDbLog(
  connectionString: string,
  nodeId: string,
  sql: SqlClient,
  signer: EventHashSigner | undefined,
  log: (line: string) => void,
): Promise<EventStore> {
  // Loaded here, not at the top: the KurrentDB client costs every other node ~0.2 s of start-up.
  const { checkKurrentDbAtStart, openKurrentDbEventStore, openSqlCheckpointStore, parseKurrentDbConnectionString } =
    await import('@ketnoi/event-store/kurrentdb');
  let connection;
  try {
    connection = parseKurrentDbConnectionString(connectionString);
  } catch (error) {
    throw new StorageStartError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const store = openKurrentDbEventStore({
    connectionString: connection.connectionString,
    nodeId,
    checkpoints: await openSqlCheckpointStore(sql),
    ...(signer ? { signer } : {}),
  });
  void checkKurrentDbAtStart(store.client, connection, log);
  return store;
}
