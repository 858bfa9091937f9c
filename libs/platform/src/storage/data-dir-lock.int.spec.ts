import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR_LOCK_FILE, lockDataDir, NodeInUseError, readDataDirHolder } from './data-dir-lock.js';

/** A pid that surely ran on this host and is gone: a child that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('the data dir lock', () => {
  const root = mkdtempSync(join(tmpdir(), 'ketnoi-data-dir-lock-'));
  let n = 0;
  const freshDir = () => join(root, `dir-${++n}`);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('given a dir held and announced, when a second process claims it, then it is refused naming pid, host, start time and URL', async () => {
    const dir = freshDir();
    const first = await lockDataDir(dir);
    await first.announce('http://127.0.0.1:4321');

    const second = lockDataDir(dir, { command: 'ketnoi projections rebuild' });
    await expect(second).rejects.toThrow(NodeInUseError);
    const error = (await second.catch((e: unknown) => e)) as NodeInUseError;
    expect(error.message).toBe(
      `the data dir ${dir} is in use by hub pid ${process.pid} on ${hostname()} since ${first.holder.since} at http://127.0.0.1:4321`,
    );
    expect(error.holder).toEqual({ pid: process.pid, host: hostname(), since: first.holder.since, command: 'hub', url: 'http://127.0.0.1:4321' });

    await first.release();
    expect(existsSync(join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
    const again = await lockDataDir(dir);
    await again.release();
  });

  it('given many claims at once on a free dir, then exactly one gets it', async () => {
    const dir = freshDir();
    const claims = await Promise.allSettled(Array.from({ length: 8 }, () => lockDataDir(dir)));
    const won = claims.filter((c) => c.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const c of claims) if (c.status === 'rejected') expect(c.reason).toBeInstanceOf(NodeInUseError);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof lockDataDir>>>).value.release();
  });

  it('given a lock left by a process that died on this host, when claimed, then it is taken over with one warning line', async () => {
    const dir = freshDir();
    const pid = deadPid();
    const first = await lockDataDir(dir);
    await first.release();
    writeFileSync(join(dir, DATA_DIR_LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', command: 'hub', url: 'http://127.0.0.1:9' }));
    const lines: string[] = [];

    const lock = await lockDataDir(dir, { log: (line) => lines.push(line) });

    expect(lines).toEqual([
      `warning: took over the lock ${join(dir, DATA_DIR_LOCK_FILE)} of hub pid ${pid} on ${hostname()} since 2026-01-01T00:00:00.000Z at http://127.0.0.1:9, which is no longer running`,
    ]);
    expect((await readDataDirHolder(dir))?.pid).toBe(process.pid);
    await lock.release();
  });

  it('given a stale lock and several claims at once, then exactly one takes it over', async () => {
    const dir = freshDir();
    await (await lockDataDir(dir)).release();
    writeFileSync(join(dir, DATA_DIR_LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00.000Z', command: 'hub' }));
    const claims = await Promise.allSettled(Array.from({ length: 6 }, () => lockDataDir(dir, { log: () => undefined })));
    expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
  });

  it('given a lock naming another host and touched lately, when claimed, then it is refused: that pid cannot be checked from here', async () => {
    const dir = freshDir();
    await (await lockDataDir(dir)).release();
    writeFileSync(join(dir, DATA_DIR_LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'other-host.example', since: '2026-01-01T00:00:00.000Z', command: 'hub' }));
    await expect(lockDataDir(dir)).rejects.toThrow(/in use by hub pid \d+ on other-host\.example since 2026-01-01T00:00:00\.000Z$/);
  });

  it('given a lock naming another host untouched for two minutes, when claimed, then it is taken over (its holder stopped its heartbeat)', async () => {
    const dir = freshDir();
    await (await lockDataDir(dir)).release();
    const file = join(dir, DATA_DIR_LOCK_FILE);
    writeFileSync(file, JSON.stringify({ pid: 1, host: 'old-container-id', since: '2026-01-01T00:00:00.000Z', command: 'hub' }));
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(file, twoMinutesAgo, twoMinutesAgo);
    const lines: string[] = [];
    const lock = await lockDataDir(dir, { log: (line) => lines.push(line) });
    expect(lines).toEqual([expect.stringMatching(/^warning: took over the lock .* of hub pid 1 on old-container-id since/)]);
    await lock.release();
  });

  it('given a lock naming this very pid that this process does not hold (a container restarted as pid 1), when claimed, then it is taken over', async () => {
    const dir = freshDir();
    await (await lockDataDir(dir)).release();
    writeFileSync(join(dir, DATA_DIR_LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', command: 'hub' }));
    const lines: string[] = [];
    const lock = await lockDataDir(dir, { log: (line) => lines.push(line) });
    expect(lines).toHaveLength(1);
    await lock.release();
  });

  it('given a lock held, then its holder keeps touching the file, so another host sees it live', async () => {
    const dir = freshDir();
    const lock = await lockDataDir(dir, { heartbeatMs: 20 });
    const file = join(dir, DATA_DIR_LOCK_FILE);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(file, twoMinutesAgo, twoMinutesAgo);
    await new Promise((done) => setTimeout(done, 200));
    expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(10_000);
    await lock.release();
  });

  it('given an unreadable lock file, when claimed, then it is taken over with a warning naming it', async () => {
    const dir = freshDir();
    await (await lockDataDir(dir)).release();
    writeFileSync(join(dir, DATA_DIR_LOCK_FILE), '{"pid": 12');
    const lines: string[] = [];
    const lock = await lockDataDir(dir, { log: (line) => lines.push(line) });
    expect(lines).toEqual([expect.stringMatching(/^warning: took over the lock .* of an unreadable lock .*hub\.lock pid 0/)]);
    await lock.release();
  });

  it('given a lock taken over by another process, when the first releases, then the new holder keeps its file', async () => {
    const dir = freshDir();
    const first = await lockDataDir(dir);
    const file = join(dir, DATA_DIR_LOCK_FILE);
    const other = JSON.stringify({ pid: 1, host: hostname(), since: '2026-06-01T00:00:00.000Z', command: 'hub' });
    writeFileSync(file, other);
    await first.release();
    expect(readFileSync(file, 'utf8')).toBe(other);
  });
});
