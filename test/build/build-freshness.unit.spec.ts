import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The build scripts are plain ES modules (they run before anything is compiled).
const script = async <T>(name: string): Promise<T> =>
  (await import(pathToFileURL(join(process.cwd(), 'scripts', name)).href)) as T;
const { inputsDigest } = await script<{ inputsDigest(root: string): string }>('build-inputs.mjs');
const { moveBuildIntoPlace } = await script<{ moveBuildIntoPlace(staging: string, dist: string): void }>(
  'move-build-into-place.mjs',
);
const { acquireBuildLock } = await script<{ acquireBuildLock(path: string): Promise<() => void> }>(
  'build-lock.mjs',
);

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ketnoi-build-unit-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A checkout with one input of each kind the build reads. */
function checkout(): string {
  const root = tempDir();
  write(root, {
    'package.json': '{}',
    'apps/hub/src/main.ts': 'await runHub();',
    'apps/hub/src/main.spec.ts': 'it();',
    'apps/hub/src/notes.md': 'not compiled',
    'apps/web/index.html': '<html></html>',
    'apps/web/node_modules/.vite/cache.json': '{}',
    'libs/domain/src/index.ts': 'export {};',
  });
  return root;
}

describe('the digest that decides whether dist/ is stale', () => {
  it('given a checkout, when a compiled source changes, then the digest changes', () => {
    const root = checkout();
    const before = inputsDigest(root);
    write(root, { 'libs/domain/src/index.ts': 'export const changed = 1;' });
    expect(inputsDigest(root)).not.toBe(before);
  });

  it('given a checkout, when a new source appears, a web file or the lock changes, then the digest changes', () => {
    const changes: Record<string, string>[] = [
      { 'libs/domain/src/new-file.ts': 'export {};' },
      { 'apps/web/index.html': '<html lang="vi"></html>' },
      { 'package-lock.json': '{"lockfileVersion":3}' },
    ];
    for (const change of changes) {
      const root = checkout();
      const before = inputsDigest(root);
      write(root, change);
      expect(inputsDigest(root)).not.toBe(before);
    }
  });

  it('given a checkout, when only specs, non-compiled files, a vite cache or mtimes change, then the digest stays', () => {
    const root = checkout();
    const before = inputsDigest(root);
    write(root, {
      'apps/hub/src/main.spec.ts': 'it("more");',
      'apps/hub/src/notes.md': 'still not compiled',
      'apps/web/node_modules/.vite/cache.json': '{"v":2}',
    });
    utimesSync(join(root, 'apps/hub/src/main.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(inputsDigest(root)).toBe(before);
  });
});

describe('moving a staged build into dist/', () => {
  it('given an old build and a staged one, when moved, then dist/ holds exactly the new files and keeps its dot-entries', () => {
    const root = tempDir();
    write(root, {
      'dist/.build-stamp': 'old digest',
      'dist/apps/hub/src/main.js': 'old main',
      'dist/apps/hub/src/gone.js': 'removed from the sources',
      'dist/web/assets/index-old.js': 'old asset',
      'dist/web/index.html': 'old page',
      'staging/apps/hub/src/main.js': 'new main',
      'staging/apps/hub/src/added.js': 'new module',
      'staging/web/assets/index-new.js': 'new asset',
      'staging/web/index.html': 'new page',
    });
    moveBuildIntoPlace(join(root, 'staging'), join(root, 'dist'));
    const read = (path: string) => readFileSync(join(root, 'dist', path), 'utf8');
    expect([read('apps/hub/src/main.js'), read('apps/hub/src/added.js'), read('web/index.html')]).toEqual([
      'new main',
      'new module',
      'new page',
    ]);
    expect(read('web/assets/index-new.js')).toBe('new asset');
    expect(read('.build-stamp')).toBe('old digest');
    expect(existsSync(join(root, 'dist/apps/hub/src/gone.js'))).toBe(false);
    expect(existsSync(join(root, 'dist/web/assets/index-old.js'))).toBe(false);
    expect(existsSync(join(root, 'staging'))).toBe(false);
  });
});

describe('the build lock', () => {
  it('given a held lock, when a second builder asks, then it gets the lock only after the release', async () => {
    const lock = join(tempDir(), 'dist/.build.lock');
    const releaseFirst = await acquireBuildLock(lock);
    let second: (() => void) | undefined;
    const asking = acquireBuildLock(lock).then((release) => (second = release));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second).toBeUndefined();
    releaseFirst();
    await asking;
    expect(second).toBeDefined();
    second!();
    expect(existsSync(lock)).toBe(false);
  });

  it('given a lock left by a process that is gone, when a builder asks, then it takes the lock over', async () => {
    const lock = join(tempDir(), 'dist/.build.lock');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    write(dirname(lock), { '.build.lock': JSON.stringify({ pid: Number(gone.stdout), host: hostname() }) });
    const release = await acquireBuildLock(lock);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    release();
  });
});
