import { hostname } from 'node:os';
import pg from 'pg';
import { NodeInUseError } from './data-dir-lock.js';
import { StorageStartError } from './storage-start-error.js';

export interface NodeWriterLockOptions {
  readonly connectionString: string;
  readonly nodeId: string;
  /** The schema the node's tables live in. @defaultValue `public` */
  readonly schema?: string;
  /** What takes the lock, shown to the process refused. @defaultValue `hub` */
  readonly command?: string;
  /** Where a lost lock is reported. @defaultValue stderr */
  readonly log?: (line: string) => void;
}

export interface NodeWriterLock {
  release(): Promise<void>;
}

// The two-key form of the advisory lock: its key space is apart from the one-key form that
// exclusive-ddl.ts takes per transaction, so the two uses can never block each other.
const LOCK = `hashtext('ketnoi node writer'), hashtext($1)`;

/**
 * One writer per node on a PostgreSQL server: the hash chain and the relay assume a single
 * appender. A session-level advisory lock, held on a connection of its own for the process's
 * lifetime (a pooled connection would hand it to whichever query came next); the server drops it
 * when that connection ends, so a crashed hub never leaves it behind.
 */
export async function lockNodeWriter(options: NodeWriterLockOptions): Promise<NodeWriterLock> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const schema = options.schema ?? 'public';
  const key = `${options.nodeId}/${schema}`;
  // Shown in pg_stat_activity, and to the process refused (the server keeps 63 bytes of it).
  const me = `ketnoi ${options.command ?? 'hub'} ${options.nodeId} pid ${process.pid} on ${hostname()}`;
  const client = new pg.Client({ connectionString: options.connectionString, application_name: me });
  let locked: boolean;
  try {
    await client.connect();
    locked = (await client.query<{ locked: boolean }>(`select pg_try_advisory_lock(${LOCK}) as locked`, [key])).rows[0]!
      .locked;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new StorageStartError(
      `cannot open the PostgreSQL server of DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!locked) {
    const holder = await describeLockHolder(client, key).catch(() => 'another process');
    await client.end().catch(() => undefined);
    throw new NodeInUseError(
      `node ${options.nodeId} already has a writer on schema ${schema} of the PostgreSQL server of DATABASE_URL: ${holder}`,
    );
  }
  // The lock is gone with its connection: say so instead of crashing on an unhandled 'error'.
  client.on('error', (error) =>
    log(`warning: lost the connection holding node ${options.nodeId}'s writer lock on schema ${schema}: ${error.message}`),
  );
  let released: Promise<void> | undefined;
  return { release: () => (released ??= client.end().catch(() => undefined)) };
}

async function describeLockHolder(client: pg.Client, key: string): Promise<string> {
  const { rows } = await client.query<{ name: string; addr: string | null; since: Date }>(
    `select a.application_name as name, a.client_addr::text as addr, a.backend_start as since
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 2
        and (l.classid, l.objid) = (hashtext('ketnoi node writer')::oid, hashtext($1)::oid)`,
    [key],
  );
  const row = rows[0];
  if (row === undefined) return 'another process (it has just let go: try again)';
  return `${row.name || 'a client'}${row.addr ? ` from ${row.addr}` : ''} since ${row.since.toISOString()}`;
}
