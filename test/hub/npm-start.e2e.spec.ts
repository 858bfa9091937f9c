import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npmStart, sandboxCheckout, type NpmStarted } from './sandbox-checkout.js';

/** Requests to a running hub, one after another until stopped: the API, the web UI page and its script. */
function requestLoop(url: string) {
  const failures: string[] = [];
  let answered = 0;
  let running = true;
  const loop = (async () => {
    const page = await (await fetch(`${url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    if (!script) throw new Error(`no script in the web UI page: ${page}`);
    while (running) {
      for (const path of ['/health/ready', '/', script]) {
        try {
          const response = await fetch(`${url}${path}`);
          await response.arrayBuffer();
          if (response.ok) answered++;
          else failures.push(`${path}: ${response.status}`);
        } catch (error) {
          failures.push(`${path}: ${(error as Error).message}`);
        }
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { answered, failures };
    },
  };
}

// Issue 18: `npm start` on a built checkout starts the hub without a build, a build never takes
// files from under a running node, and concurrent starts build at most once. In a copy of the
// checkout, so the shared dist/ and sources stay untouched.
describe('npm start', () => {
  const root = sandboxCheckout();
  const dataDirs: string[] = [];
  const started: NpmStarted[] = [];
  const envOf = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-npm-start-'));
    dataDirs.push(dataDir);
    return { PORT: '0', GRPC_PORT: '0', KETNOI_NODE_ID: 'vn-hue', KETNOI_DATA_DIR: dataDir };
  };
  const start = async () => {
    const hub = await npmStart(root, envOf());
    started.push(hub);
    return hub;
  };
  const stamp = () => readFileSync(join(root, 'dist/.build-stamp'), 'utf8');
  const builtAt = () => statSync(join(root, 'dist/apps/hub/src/main.js')).mtimeMs;

  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }, 300_000);

  afterAll(async () => {
    await Promise.all(started.map((hub) => hub.stop()));
    for (const dir of [root, ...dataDirs]) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });

  it('given a built checkout and a hub from npm start answering requests, when a second npm start with another data dir and port runs, then it starts without a build and the first answers every request', async () => {
    const stampBefore = stamp();
    const builtBefore = builtAt();
    const first = await start();
    const requests = requestLoop(first.url);

    const second = await start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { answered, failures } = await requests.stop();

    expect(second.url).not.toBe(first.url);
    expect([first.stderr(), second.stderr()].join('\n')).not.toContain('build: compiled');
    expect([stamp(), builtAt()]).toEqual([stampBefore, builtBefore]);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(0);
  }, 300_000);

  it('given a hub from npm start answering requests, when a source changes and two npm start run at once, then exactly one builds, both become ready and the first hub answers every request', async () => {
    const stampBefore = stamp();
    const first = await start();
    const requests = requestLoop(first.url);

    appendFileSync(join(root, 'apps/hub/src/main.ts'), '\n// changed by npm-start.e2e.spec.ts\n');
    const [second, third] = await Promise.all([start(), start()]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { answered, failures } = await requests.stop();

    const builders = [second, third].filter((hub) => hub.stderr().includes('build: compiled'));
    expect(builders).toHaveLength(1);
    expect(stamp()).not.toBe(stampBefore);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(0);
  }, 300_000);
});
