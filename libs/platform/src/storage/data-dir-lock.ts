import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** The lock file in a node's data dir: while it names a live process, no other may open the dir. */
export const DATA_DIR_LOCK_FILE = 'hub.lock';

/** How often a holder touches its lock file, so another host can tell a live holder from a dead one. */
const HEARTBEAT_MS = 10_000;
/**
 * A lock from another host untouched this long is stale. Its pid cannot be checked from here, and
 * a container recreated on the same volume comes back under a new hostname.
 */
const STALE_AFTER_MS = 60_000;

/**
 * Lock files this process holds or is creating, with how many claims: a lock naming our own pid
 * that is not here was left by an earlier process that had the same pid (a container's pid 1
 * after a restart). Counted before the create, so a claim racing another in this process never
 * mistakes the winner's fresh file for a leftover.
 */
const heldHere = new Map<string, number>();
const countHere = (file: string, by: number) => {
  const n = (heldHere.get(file) ?? 0) + by;
  if (n > 0) heldHere.set(file, n);
  else heldHere.delete(file);
};

/** When each lock file read was last touched (its holder's heartbeat), kept beside the holder. */
const touchedAt = new WeakMap<DataDirHolder, Date>();

/** Who holds a data dir: what the lock file says. */
export interface DataDirHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 time the holder took the lock. */
  readonly since: string;
  /** What holds it: `hub`, or a CLI command such as `projections rebuild`. */
  readonly command: string;
  /** The holder's HTTP API once it listens; a CLI never has one. */
  readonly url?: string;
}

/**
 * The node's data dir or database is in use by another live process: `message` is the one line
 * to print. `holder` is set when the data dir's lock file names it (a CLI routes through its URL).
 */
export class NodeInUseError extends Error {
  readonly code = 'NODE_IN_USE';
  constructor(
    message: string,
    readonly holder?: DataDirHolder,
  ) {
    super(message);
    this.name = 'NodeInUseError';
  }
}

export const describeHolder = (h: DataDirHolder): string =>
  `${h.command} pid ${h.pid} on ${h.host} since ${h.since}${h.url ? ` at ${h.url}` : ''}`;

export interface DataDirLock {
  readonly file: string;
  readonly holder: DataDirHolder;
  /** Adds the API's URL to the lock file, so a CLI on this machine can route through it. */
  announce(url: string): Promise<void>;
  /** Removes the lock file if it is still ours; later calls do nothing. */
  release(): Promise<void>;
}

export interface LockDataDirOptions {
  /** @defaultValue `hub` */
  readonly command?: string;
  /** Where the stale-lock warning goes. @defaultValue stderr */
  readonly log?: (line: string) => void;
  /** How often the lock file is touched while held. @defaultValue 10 s (stale after 60 s) */
  readonly heartbeatMs?: number;
  /**
   * The lock file's name in the data dir: a standalone service on a PostgreSQL server locks its
   * own (`agreements.lock`), as the dir holds only the key it shares with the node's other services.
   * @defaultValue {@link DATA_DIR_LOCK_FILE}
   */
  readonly file?: string;
}

/**
 * Takes the data dir for this process, before anything in it is opened: two PGlite instances on
 * one directory fork the log and corrupt its catalog. A lock left by a process that died on this
 * host is taken over with a warning. Another host's pid cannot be checked (shared storage, or a
 * container recreated under a new hostname): its lock is live while its holder touches it.
 */
export async function lockDataDir(dataDir: string, options: LockDataDirOptions = {}): Promise<DataDirLock> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  await mkdir(dataDir, { recursive: true });
  const file = resolve(dataDir, options.file ?? DATA_DIR_LOCK_FILE);
  const holder: DataDirHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: options.command ?? 'hub',
  };
  // A few rounds at most: a lock released or taken over between two steps is looked at again.
  for (let attempt = 1; !(await createExclusively(file, holder)); attempt++) {
    const existing = await readHolder(file);
    if (existing === undefined) continue;
    if (isAlive(existing, file) || attempt >= 3) throw new NodeInUseError(`the data dir ${dataDir} is in use by ${describeHolder(existing)}`, existing);
    if (await removeStale(file, existing))
      log(`warning: took over the lock ${file} of ${describeHolder(existing)}, which is no longer running`);
  }
  let current = holder;
  const ours = () => {
    const now = readHolderSync(file);
    return now !== undefined && now.pid === holder.pid && now.since === holder.since;
  };
  // A hub stopped by a signal exits without awaiting anything: remove the file synchronously then.
  const onExit = () => {
    if (ours()) unlinkSync(file);
  };
  process.once('exit', onExit);
  const heartbeat = setInterval(() => {
    const now = new Date();
    if (ours()) void utimes(file, now, now).catch(() => undefined);
  }, options.heartbeatMs ?? HEARTBEAT_MS).unref();
  let released = false;
  return {
    file,
    get holder() {
      return current;
    },
    async announce(url) {
      current = { ...holder, url };
      const temp = `${file}.${randomBytes(6).toString('hex')}`;
      await writeFile(temp, JSON.stringify(current));
      await rename(temp, file); // replaces our own file in one step: readers never see it half written
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      countHere(file, -1);
      process.removeListener('exit', onExit);
      if (ours()) await unlink(file).catch(() => undefined);
    },
  };
}

/**
 * Written whole under a temporary name, then linked to the lock's name: `link` fails when the
 * name exists (like O_EXCL) and a reader never sees an empty or half-written lock.
 */
async function createExclusively(file: string, holder: DataDirHolder): Promise<boolean> {
  const temp = `${file}.${holder.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(temp, JSON.stringify(holder), { flag: 'wx' });
  countHere(file, +1);
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    countHere(file, -1);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Two processes may find the same stale lock at once. Each renames it aside to its own name
 * (rename is atomic, so only one gets that file) and checks that what it moved is the stale lock
 * it read, not a lock the other one has just created; if it is not, it puts it back.
 */
async function removeStale(file: string, stale: DataDirHolder): Promise<boolean> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved !== undefined && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    await link(aside, file).catch(() => undefined); // another live lock: restore it (or a newer one won)
    await unlink(aside).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined);
  return true;
}

/** What a data dir's lock file says, when there is one. */
export async function readDataDirHolder(dataDir: string): Promise<DataDirHolder | undefined> {
  return readHolder(join(dataDir, DATA_DIR_LOCK_FILE));
}

async function readHolder(file: string): Promise<DataDirHolder | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const mtime = (await stat(file).catch(() => undefined))?.mtime;
  const holder = parseHolder(text, file, mtime);
  if (mtime !== undefined) touchedAt.set(holder, mtime);
  return holder;
}

function readHolderSync(file: string): DataDirHolder | undefined {
  try {
    return parseHolder(readFileSync(file, 'utf8'), file, undefined);
  } catch {
    return undefined; // gone, or unreadable: not ours to remove either way
  }
}

/**
 * A lock file that is not ours to parse (edited, truncated by a full disk) is still a lock: it is
 * reported as held by an unknown process (pid 0, never alive), so it is taken over with a warning.
 */
function parseHolder(text: string, file: string, mtime: Date | undefined): DataDirHolder {
  try {
    const h = JSON.parse(text) as Partial<DataDirHolder>;
    if (Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.since === 'string')
      return {
        pid: h.pid!,
        host: h.host,
        since: h.since,
        command: typeof h.command === 'string' ? h.command : 'hub',
        ...(typeof h.url === 'string' ? { url: h.url } : {}),
      };
  } catch {
    // fall through: unreadable content
  }
  return { pid: 0, host: hostname(), since: mtime?.toISOString() ?? 'unknown', command: `an unreadable lock ${file}` };
}

/**
 * On this host, signal 0 tells whether the pid exists (EPERM: it does, as another user); our own
 * pid is alive only if this process holds the file. Another host's holder is alive while it keeps
 * touching the file.
 */
function isAlive(holder: DataDirHolder, file: string): boolean {
  if (holder.host !== hostname()) {
    const touched = touchedAt.get(holder);
    return touched === undefined || Date.now() - touched.getTime() < STALE_AFTER_MS;
  }
  if (holder.pid <= 0) return false;
  if (holder.pid === process.pid) return heldHere.has(file);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
