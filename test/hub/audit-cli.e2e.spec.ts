import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ensureBuilt, exited, KETNOI_BIN, runNode, startHubProcess, type HubProcess } from './hub-process.js';

// `ketnoi audit` against a running hub (--url) and on the data dir of the stopped node.
describe('ketnoi audit', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-audit-cli-'));
  const env = { PORT: '0', GRPC_PORT: '0', KETNOI_NODE_ID: 'vn-hue', KETNOI_DATA_DIR: dataDir };
  let hub: HubProcess | undefined;
  let auditor = '';

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHubProcess(env);
    const demo = await runNode([KETNOI_BIN, 'demo', '--url', hub.url], { KETNOI_DATA_DIR: dataDir }, 60_000);
    expect(demo.code).toBe(0);
    auditor = (await runNode([KETNOI_BIN, 'token', '--role', 'auditor'], env)).stdout.trim();
  }, 150_000);

  afterAll(async () => {
    if (hub) {
      hub.child.kill('SIGKILL');
      await exited(hub.child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a running node, when verified through its API with an auditor token, then every link holds', async () => {
    const verified = await runNode([KETNOI_BIN, 'audit', 'verify', '--url', hub!.url, '--token', auditor], {});
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^audit verify: \d+ events in 2 streams, 0 broken$/m);
  });

  it('given an officer token, when verifying through the API, then it is refused', async () => {
    const officer = (await runNode([KETNOI_BIN, 'token', '--role', 'officer'], env)).stdout.trim();
    const refused = await runNode([KETNOI_BIN, 'audit', 'verify', '--url', hub!.url, '--token', officer], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/auditors/);
  });

  it('given the node stopped, when one byte of an event is altered in its PGlite, then verify on the data dir names that event and exits 1', async () => {
    hub!.child.kill('SIGTERM');
    await exited(hub!.child);
    hub = undefined;
    const clean = await runNode([KETNOI_BIN, 'audit', 'verify'], env);
    expect(clean.code).toBe(0);

    const db = await PGlite.create(join(dataDir, 'pglite'));
    const { rows } = await db.query<{ event_id: string; stream_id: string; revision: number }>(
      `select event_id, stream_id, revision from events where type = 'FundingCommitted' order by global_position limit 1`,
    );
    const target = rows[0]!;
    await db.query(`update events set data = jsonb_set(data, '{amount,amount}', '"13000001"') where event_id = $1`, [target.event_id]);
    await db.close();

    const broken = await runNode([KETNOI_BIN, 'audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN ${target.stream_id} revision ${target.revision} (event ${target.event_id}`);
    expect(broken.stdout).toMatch(/: hash expected [0-9a-f]{64} found [0-9a-f]{64}/);

    const replay = await runNode([KETNOI_BIN, 'audit', 'replay', '--stream', target.stream_id, '--as-of', '1'], env);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(new RegExp(`^${target.stream_id} as of position 1: DRAFT`, 'm'));

    const csv = await runNode([KETNOI_BIN, 'audit', 'export', '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('position,recordedAt,occurredAt,streamId,revision,type,actor,actorNode,originNode,correlationId,causationId,eventId,hash');
    expect(lines.length).toBeGreaterThan(5);
    const bad = await runNode([KETNOI_BIN, 'audit', 'export', '--format', 'xml'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--format must be one of jsonl, csv/);
  }, 120_000);
});
