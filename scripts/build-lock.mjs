/* global process, setTimeout */
// One build at a time per checkout, for callers with no lock discipline of their own (two
// `npm start` in one checkout): a file created with O_EXCL holding the builder's pid and host.
// A holder that died (Ctrl-C, SIGKILL) leaves its file: a lock naming a pid that no longer runs
// on this host, or untouched for STALE_MS, is taken over.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/** Longer than any build here (about 15 s, a minute on a loaded machine). */
const STALE_MS = 10 * 60_000;
const POLL_MS = 100;

/** Resolves once this process holds the lock at `path`, with the function that releases it. */
export async function acquireBuildLock(path, log = () => {}) {
  mkdirSync(dirname(path), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  let waitingFor;
  for (;;) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      return () => releaseIfMine(path, mine);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder && isStale(path, holder)) {
      log(`build: lock of pid ${holder.pid} is stale (that process is gone); taking it over`);
      // Removed only if it still names the same holder: another waiter may have taken it since.
      if (contentOf(path) === holder.raw) rmSync(path, { force: true });
      continue;
    }
    if (holder && waitingFor !== holder.raw) {
      waitingFor = holder.raw;
      log(`build: waiting for the build of pid ${holder.pid} on ${holder.host}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function readHolder(path) {
  const raw = contentOf(path);
  try {
    return raw === undefined ? undefined : { ...JSON.parse(raw), raw };
  } catch {
    // Empty: the holder is between its open and its write; wait for it (or for STALE_MS).
    return undefined;
  }
}

function isStale(path, holder) {
  const touched = whenTouched(path);
  if (touched !== undefined && Date.now() - touched > STALE_MS) return true;
  return holder.host === hostname() && !isRunning(holder.pid);
}

/** undefined when released meanwhile. */
function contentOf(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function whenTouched(path) {
  try {
    return statSync(path).mtimeMs;
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function releaseIfMine(path, mine) {
  if (contentOf(path) === mine) rmSync(path, { force: true });
}
