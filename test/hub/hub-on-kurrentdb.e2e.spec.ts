import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { startKurrentDbTestServer, type KurrentDbTestServer } from '../kurrentdb-test-server/index.js';
import { ensureBuilt, exited, HUB_MAIN, KETNOI_BIN, runNode, startHubProcess, type HubProcess } from './hub-process.js';

// The built hub as a process with its event log in KurrentDB (the gRPC test double) and its
// read models and checkpoints in PGlite: selected by KURRENTDB_CONNECTION_STRING alone.
describe('the hub with KURRENTDB_CONNECTION_STRING', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-hub-kurrentdb-'));
  const env = (connectionString: string, dir = dataDir) => ({
    PORT: '0',
    GRPC_PORT: '0',
    KETNOI_NODE_ID: 'vn-hue',
    KETNOI_DATA_DIR: dir,
    KURRENTDB_CONNECTION_STRING: connectionString,
  });
  let server: KurrentDbTestServer;
  let hub: HubProcess;

  beforeAll(async () => {
    ensureBuilt();
    server = await startKurrentDbTestServer();
    hub = await startHubProcess(env(server.connectionString));
  }, 120_000);

  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    if (hub) await exited(hub.child);
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a reachable KurrentDB, when the demo is loaded, then the agreements are written to and read from it', async () => {
    expect((await fetch(`${hub.url}/health/ready`)).status).toBe(200);
    const demo = await runNode([KETNOI_BIN, 'demo', '--url', hub.url], { KETNOI_DATA_DIR: dataDir }, 60_000);
    expect(demo.stderr).toBe('');
    expect(demo.stdout.match(/^created /gm)).toHaveLength(2);
    const client = KurrentDBClient.connectionString(server.connectionString);
    const streams = new Set<string>();
    for await (const resolved of client.readAll()) if (resolved.event) streams.add(resolved.event.streamId);
    await client.dispose();
    expect([...streams].filter((name) => name.startsWith('agreement-'))).toHaveLength(2);
  }, 90_000);

  it('given an unreachable KurrentDB, when started, then it serves, logs one line naming KurrentDB and the address, and is not ready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ketnoi-hub-kurrentdb-down-'));
    const down = await startHubProcess(env('kurrentdb://127.0.0.1:1?tls=false', dir));
    try {
      expect((await fetch(`${down.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${down.url}/health/ready`)).status).toBe(503);
      await until(() => /KurrentDB unreachable at 127\.0\.0\.1:1/.test(down.stdout() + down.stderr()));
      const lines = (down.stdout() + down.stderr()).split('\n').filter((l) => l.includes('KurrentDB unreachable'));
      expect(lines).toHaveLength(1);
    } finally {
      down.child.kill('SIGKILL');
      await exited(down.child);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('given a malformed KURRENTDB_CONNECTION_STRING and the data dir held by a running hub, when started, then it exits 1 with one line naming the variable, not the lock', async () => {
    const result = await runNode([HUB_MAIN], env('kurrentdb://?tls=false'));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/KURRENTDB_CONNECTION_STRING must be a KurrentDB connection string/);
  }, 60_000);
});

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
