import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, ensureBuilt, exited, HUB_MAIN, KETNOI_BIN, type RunResult } from './hub-process.js';

/** A process in `cwd` (the hub's default data dir is ./data/<nodeId> under it). */
function inDir(cwd: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<RunResult>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done, stdout: () => stdout };
}

describe('the CLI learns which node it talks to', () => {
  let cwd: string;
  let hub: ReturnType<typeof inDir>;
  let url: string;

  beforeAll(async () => {
    ensureBuilt();
    cwd = await mkdtemp(join(tmpdir(), 'ketnoi-cli-node-'));
    hub = inDir(cwd, [HUB_MAIN], { KETNOI_NODE_ID: 'vn-danang', PORT: '0', GRPC_PORT: '0' });
    url = await new Promise<string>((resolve, reject) => {
      const poll = setInterval(() => {
        const found = /ready: API (http:\/\/\S+?)\/v1/.exec(hub.stdout())?.[1];
        if (found) resolve(found);
        if (found || hub.child.exitCode !== null) clearInterval(poll);
        if (hub.child.exitCode !== null) reject(new Error(`hub exited: ${hub.stdout()}`));
      }, 50);
    });
  });
  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    if (hub) await exited(hub.child);
    await rm(cwd, { recursive: true, force: true });
  });

  it('given a vn-danang hub and a CLI without KETNOI_NODE_ID, when `demo --url`, then it signs for vn-danang with that node\'s key and loads its agreements', async () => {
    const demo = await inDir(cwd, [KETNOI_BIN, 'demo', '--url', url], {}).done;
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/^demo: node vn-danang at http:\/\/127\.0\.0\.1:\d+ is home of [1-9]\d* demo agreements/m);
  });

  it('given no environment naming the node, when `audit verify` runs, then it refuses the empty default data dir and says what to set', async () => {
    const verify = await inDir(cwd, [KETNOI_BIN, 'audit', 'verify'], {}).done;
    expect(verify.code).toBe(1);
    expect(verify.stderr).toBe(
      `audit verify: no node at ${join(cwd, 'data', 'vn-hue')} (no such directory): set KETNOI_DATA_DIR or KETNOI_NODE_ID as for the hub, pass --data-dir, or --url of a running node\n`,
    );
  });

  it('given the node id the hub was started with, when `keys generate` runs, then it names --force and `keys show`, and `keys show` prints the key', async () => {
    const env = { KETNOI_NODE_ID: 'vn-danang' };
    const generate = await inDir(cwd, [KETNOI_BIN, 'keys', 'generate'], env).done;
    expect(generate.code).toBe(1);
    expect(generate.stderr).toMatch(/already exists: `ketnoi keys show` prints its public key; pass --force to replace it/);
    const show = await inDir(cwd, [KETNOI_BIN, 'keys', 'show'], env).done;
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[^]+\n-----END PUBLIC KEY-----\n$/);
  });
});
