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
  /**
   * One service of the node (a standalone process: `agreements`, `projections`, `federation`):
   * it shares the node with the node's other services and excludes only a second process of
   * the same service. @defaultValue the whole node (a hub, a CLI command): excludes every other
   */
  readonly service?: string;
  /** Where a lost lock is reported. @defaultValue stderr */
  readonly log?: (line: string) => void;
  /** How long to wait between attempts to take a lost lock again. @defaultValue 5 s */
  readonly retryMs?: number;
}

export interface NodeWriterLock {
  release(): Promise<void>;
}

// The two-key form of the advisory lock: its key space is apart from the one-key form that
// exclusive-ddl.ts takes per transaction, so the two uses can never block each other.
const LOCK = `hashtext('ketnoi node writer'), hashtext($1)`;

/**
 * The advisory locks a writer holds. The whole node (a hub) holds the node's key exclusively; a
 * service holds it shared (so services coexist and a hub excludes them all) and its own key
 * exclusively (so each service runs once per node).
 */
function locksOf(options: NodeWriterLockOptions, schema: string): readonly Lock[] {
  const node = `${options.nodeId}/${schema}`;
  if (options.service === undefined) return [{ key: node, shared: false, what: 'a writer' }];
  return [
    { key: node, shared: true, what: 'a writer' },
    { key: `${node}/${options.service}`, shared: false, what: `a writer of ${options.service}` },
  ];
}

interface Lock {
  readonly key: string;
  readonly shared: boolean;
  /** Who the refused process is told already holds it. */
  readonly what: string;
}

/**
 * One writer per node on a PostgreSQL server: the hash chain and the relay assume a single
 * appender. A session-level advisory lock, held on a connection of its own for the process's
 * lifetime (a pooled connection would hand it to whichever query came next); the server drops it
 * when that connection ends, so a crashed hub never leaves it behind.
 */
export async function lockNodeWriter(options: NodeWriterLockOptions): Promise<NodeWriterLock> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const schema = options.schema ?? 'public';
  const what = `node ${options.nodeId}'s ${options.service ? `${options.service} ` : ''}writer lock on schema ${schema}`;
  let attempt: Attempt;
  try {
    attempt = await tryLock(options, schema);
  } catch (error) {
    throw new StorageStartError(
      `cannot open the PostgreSQL server of DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!attempt.locked)
    throw new NodeInUseError(
      `node ${options.nodeId} already has ${attempt.what} on schema ${schema} of the PostgreSQL server of DATABASE_URL: ${attempt.holder}`,
    );
  let client: pg.Client = attempt.client;
  let released = false;
  let retry: NodeJS.Timeout | undefined;
  let toldTaken = false;
  // The server drops the lock with its connection (a restart, a network cut): take it again as
  // soon as the server answers, so a hub started meanwhile elsewhere cannot stay a second writer
  // unnoticed. Until then the hub's own queries fail too, and /health/ready says so.
  const regain = async () => {
    retry = undefined;
    if (released) return;
    const again = await tryLock(options, schema).catch(() => undefined);
    if (released) {
      if (again?.locked) await again.client.end().catch(() => undefined);
      return;
    }
    if (again?.locked) {
      client = again.client;
      watch(client);
      toldTaken = false;
      log(`writer lock: took ${what} again`);
      return;
    }
    if (again && !toldTaken) {
      toldTaken = true;
      log(`error: ${what} is now held by ${again.holder}: two processes may be writing node ${options.nodeId}; stop one`);
    }
    retry = setTimeout(() => void regain(), options.retryMs ?? RETRY_MS).unref();
  };
  const watch = (c: pg.Client) => {
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || released) return;
      lost = true;
      log(`warning: lost ${what} (${reason}); taking it again when the server answers`);
      void c.end().catch(() => undefined);
      retry ??= setTimeout(() => void regain(), options.retryMs ?? RETRY_MS).unref();
    };
    c.on('error', (error) => onLost(error.message));
    c.on('end', () => onLost('connection closed'));
  };
  watch(client);
  let releasing: Promise<void> | undefined;
  return {
    release: () =>
      (releasing ??= (async () => {
        released = true;
        if (retry) clearTimeout(retry);
        await client.end().catch(() => undefined);
      })()),
  };
}

const RETRY_MS = 5_000;

type Attempt =
  | { readonly locked: true; readonly client: pg.Client }
  | { readonly locked: false; readonly holder: string; readonly what: string };

/**
 * One connection, one try at each lock: kept open when it got them all, closed otherwise (which
 * drops those it got). Throws when the server does not answer.
 */
async function tryLock(options: NodeWriterLockOptions, schema: string): Promise<Attempt> {
  // Shown in pg_stat_activity, and to the process refused (the server keeps 63 bytes of it).
  const me = `ketnoi ${options.command ?? 'hub'} ${options.nodeId} pid ${process.pid} on ${hostname()}`;
  const client = new pg.Client({ connectionString: options.connectionString, application_name: me });
  client.on('error', () => undefined); // reported by the query that fails, or by the watcher
  try {
    await client.connect();
    for (const lock of locksOf(options, schema)) {
      const take = lock.shared ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock';
      const { rows } = await client.query<{ locked: boolean }>(`select ${take}(${LOCK}) as locked`, [lock.key]);
      if (rows[0]!.locked) continue;
      const holder = await describeLockHolder(client, lock.key).catch(() => 'another process');
      await client.end().catch(() => undefined);
      return { locked: false, holder, what: lock.what };
    }
    return { locked: true, client };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
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
