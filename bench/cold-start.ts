import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { result, type BenchResult } from './result.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = Number(process.env.BENCH_COLD_START_RUNS ?? 3);

/** A bare Node HTTP server: the floor any Node process pays to start and answer. */
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(+process.env.PORT, '127.0.0.1')`;

const HUB_MAIN = join(ROOT, 'dist/apps/hub/src/main.js');
const STAMP = join(ROOT, 'dist/.build-stamp');

/**
 * Cold start of the built hub (`node dist/apps/hub/src/main.js`) until /health/ready answers 200,
 * and its resident memory once the demo data is loaded; both against a bare Node HTTP server
 * started the same way in the same run. And `npm start` on the built checkout (what a user types:
 * npm, the freshness check, the hub) against that direct start.
 */
export async function run(): Promise<BenchResult[]> {
  const hubStarts: number[] = [];
  const bareStarts: number[] = [];
  const npmStarts: number[] = [];
  const stampBefore = await readFile(STAMP, 'utf8');
  for (let i = 0; i < RUNS; i++) {
    bareStarts.push((await startProcess(process.execPath, ['-e', BARE_SERVER], '/')).stop().elapsed);
    hubStarts.push((await startProcess(process.execPath, [HUB_MAIN], '/health/ready')).stop().elapsed);
    npmStarts.push((await startProcess('npm', ['start', '--silent'], '/health/ready')).stop().elapsed);
  }
  // `npm run bench` builds first, so `npm start` must have found dist/ fresh: a build would be a
  // figure of the build, not of the start.
  if ((await readFile(STAMP, 'utf8')) !== stampBefore) throw new Error('npm start rebuilt a built checkout');

  const bare = await startProcess(process.execPath, ['-e', BARE_SERVER], '/');
  const bareRss = await rssOf(bare.child);
  bare.stop();

  const hub = await startProcess(process.execPath, [HUB_MAIN], '/health/ready');
  try {
    await runDemo(hub.url, hub.dataDir);
    const hubRss = await rssOf(hub.child);
    return [
      result('cold start to ready, median (vs bare node http server)', median(hubStarts), 'ms', median(bareStarts)),
      result('resident memory after demo data (vs bare node http server)', hubRss / 1024, 'MiB', bareRss / 1024),
      result('npm start of a built checkout to ready, median (vs direct node dist/apps/hub/src/main.js)', median(npmStarts), 'ms', median(hubStarts)),
    ];
  } finally {
    hub.stop();
  }
}

interface Started {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly url: string;
  readonly elapsed: number;
  stop(): Started;
}

async function startProcess(command: string, args: string[], readyPath: string): Promise<Started> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'ketnoi-bench-start-'));
  const started = performance.now();
  // Its own process group: npm runs the hub in a child of its own, and the stop kills them all.
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), GRPC_PORT: '0', KETNOI_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}${readyPath}`, child);
  const elapsed = performance.now() - started;
  const self: Started = {
    child,
    dataDir,
    url,
    elapsed,
    stop() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch (error) {
        // The group is gone already (the process exited on its own): nothing to stop.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
      void rm(dataDir, { recursive: true, force: true });
      return self;
    },
  };
  return self;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet: poll again
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

async function runDemo(url: string, dataDir: string): Promise<void> {
  // The demo mints its admin token from the node key in the hub's data dir.
  const demo = spawn(process.execPath, [join(ROOT, 'bin/ketnoi.js'), 'demo', '--url', url], {
    stdio: 'ignore',
    env: { ...process.env, KETNOI_DATA_DIR: dataDir },
  });
  const code = await new Promise<number | null>((done) => demo.on('exit', done));
  if (code !== 0) throw new Error(`ketnoi demo exited with ${code}`);
}

async function rssOf(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for pid ${child.pid}`);
  return Number(kib);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
