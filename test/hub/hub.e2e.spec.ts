import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken } from '@ketnoi/platform';
import {
  ensureBuilt,
  exited,
  HUB_MAIN,
  KETNOI_BIN,
  runNode,
  startHubProcess,
  type HubProcess,
} from './hub-process.js';

// The real built hub as a child process on a free port (PORT=0) with PGlite in a temp dir.
describe('the embedded hub, as a process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-hub-e2e-'));
  const env = { PORT: '0', GRPC_PORT: '0', KETNOI_NODE_ID: 'vn-hue', KETNOI_DATA_DIR: dataDir };
  let hub: HubProcess;

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHubProcess(env);
  }, 120_000);

  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    if (hub) await exited(hub.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  // An auditor of this node: reads everything, with a token signed by the key the hub created.
  let authorization = '';
  const get = async (path: string) => {
    authorization ||= `Bearer ${await mintToken({ role: 'auditor', node: 'vn-hue' }, (await loadNodeKey(dataDir)).privateKey)}`;
    return fetch(`${hub.url}${path}`, { headers: { authorization } });
  };
  const headPosition = async () =>
    ((await (await get('/health/ready')).json()) as { position: string }).position;

  it('logs one JSON "ready" line with its URLs', () => {
    const ready = hub
      .stdout()
      .split('\n')
      .filter((line) => line.includes('ready: API'));
    expect(ready).toHaveLength(1);
    expect(JSON.parse(ready[0]!)).toMatchObject({ node: 'vn-hue', level: 30 });
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers /health/live', async () => {
    const res = await get('/health/live');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', node: 'vn-hue' });
  });

  it('answers /health/ready once the event store answers', async () => {
    const res = await get('/health/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', position: expect.stringMatching(/^\d+$/) });
  });

  it('serves Prometheus metrics with the HTTP duration histogram by route', async () => {
    await get('/health/live');
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /ketnoi_http_request_duration_seconds_bucket\{le="[^"]+",route="\/health\/live",method="GET",status="200"\}/,
    );
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('given a bad PORT, when started, then it exits 1 with one line naming the variable', async () => {
    const result = await runNode([HUB_MAIN], { ...env, PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")\n',
    );
    expect(result.stdout).toBe('');
  });

  it('given a bad KETNOI_NODE_ID, when started through `ketnoi start`, then it exits 1 naming it', async () => {
    const result = await runNode([KETNOI_BIN, 'start'], { ...env, KETNOI_NODE_ID: 'Huế' });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^Invalid configuration: KETNOI_NODE_ID must be a node id .* \(got "Huế"\)$/),
    ]);
  });

  describe('ketnoi demo', () => {
    let first: { code: number | null; stdout: string; stderr: string };
    let koicaId: string;

    beforeAll(async () => {
      first = await runNode([KETNOI_BIN, 'demo', '--url', hub.url], { KETNOI_DATA_DIR: dataDir }, 60_000);
      koicaId = /created\s+(\S+)\s+ACTIVE\s+Huế smart culture and tourism city/.exec(first.stdout)?.[1] ?? '';
    }, 90_000);

    it('loads the agreements this node is home of through the API and prints what it created', () => {
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      // vn-hue drafts its own two (KOICA, ADB–Australia); the other cities' six need their nodes.
      expect(first.stdout.match(/^created /gm)).toHaveLength(2);
      expect(first.stdout).toMatch(
        /^created\s+\S+\s+SIGNED\s+Smart digital urban model for urban spatial planning/m,
      );
      expect(first.stdout.match(/^skipped /gm)).toHaveLength(6);
      expect(first.stdout).toContain(
        'skipped   danang-nevers-smart-city-digitalisation: drafted by vn-danang',
      );
      expect(koicaId).not.toBe('');
    });

    it('shows the KOICA grant of 13000000 USD', async () => {
      const res = await get(`/v1/agreements/${koicaId}`);
      expect(res.status).toBe(200);
      const agreement = (await res.json()) as Record<string, unknown>;
      expect(agreement).toMatchObject({ agreementId: koicaId, kind: 'GRANT', status: 'ACTIVE' });
      expect(JSON.stringify(agreement.funding)).toMatch(/"13000000".*"USD"|"USD".*"13000000"/);
    });

    it('counts the commands it handled on /metrics, by type and outcome', async () => {
      const text = await (await get('/metrics')).text();
      expect(text).toMatch(/^ketnoi_commands_total\{type="DraftAgreement",outcome="accepted"\} 2$/m);
      expect(text).toMatch(/^ketnoi_commands_total\{type="ActivateAgreement",outcome="accepted"\} 1$/m);
    });

    it('signs every event it records with the node key created at first start', async () => {
      const history = (await (await get(`/v1/agreements/${koicaId}/history`)).json()) as {
        events: Array<{ metadata: { signature?: string } }>;
      };
      expect(history.events.length).toBeGreaterThan(0);
      for (const event of history.events) expect(event.metadata.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
      expect(statSync(join(dataDir, 'node.key')).mode & 0o777).toBe(0o600);
    });

    it('given it ran already, when run again, then it records nothing new', async () => {
      const before = await headPosition();
      const second = await runNode([KETNOI_BIN, 'demo'], { KETNOI_URL: hub.url, KETNOI_DATA_DIR: dataDir }, 60_000);
      expect(second.code).toBe(0);
      expect(second.stdout.match(/^unchanged /gm)).toHaveLength(2);
      expect(second.stdout).not.toMatch(/^created /m);
      expect(await headPosition()).toBe(before);
    });

    it('given the hub is killed with SIGKILL, when restarted on the same data dir, then the agreements are still there', async () => {
      const before = (await (await get(`/v1/agreements/${koicaId}`)).json()) as { revision: number };
      hub.child.kill('SIGKILL');
      await exited(hub.child);
      hub = await startHubProcess(env);
      const res = await get(`/v1/agreements/${koicaId}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        agreementId: koicaId,
        revision: before.revision,
        status: 'ACTIVE',
      });
    }, 60_000);
  });
});
