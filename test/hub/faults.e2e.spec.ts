import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ensureBuilt, exited, KETNOI_BIN, runNode, startHubProcess, type HubProcess } from './hub-process.js';

// Faults surface: what an operator sees when the stored log was tampered with or a page of it rotted.
// One demo node is made once; each case works on its own copy of the stopped node's data dir.
describe('faults of a stopped node’s data dir, seen by the CLI and the restarted hub', () => {
  const root = mkdtempSync(join(tmpdir(), 'ketnoi-faults-'));
  const original = join(root, 'original');
  const envOf = (dataDir: string) => ({ PORT: '0', GRPC_PORT: '0', KETNOI_NODE_ID: 'vn-hue', KETNOI_DATA_DIR: dataDir });
  const hubs: HubProcess[] = [];
  let copies = 0;
  let admin = '';

  const copy = () => {
    const dir = join(root, `copy-${++copies}`);
    cpSync(original, dir, { recursive: true });
    return dir;
  };
  const onDb = async <T>(dataDir: string, work: (db: PGlite) => Promise<T>): Promise<T> => {
    const db = await PGlite.create(join(dataDir, 'pglite'));
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };
  const start = async (dataDir: string) => {
    const hub = await startHubProcess(envOf(dataDir));
    hubs.push(hub);
    return hub;
  };
  const ready = async (hub: HubProcess) => {
    const res = await fetch(`${hub.url}/health/ready`);
    return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
  };
  /** Flips bytes in the middle of one 8 KB page of the events table, as a failing disk would. */
  const rotPage = async (dataDir: string, which: 'first' | 'last') => {
    const { file, block, streams } = await onDb(dataDir, async (db) => {
      const path = (await db.query<{ file: string }>(`select pg_relation_filepath('events') as file`)).rows[0]!.file;
      const blocks = await db.query<{ block: number }>(`select distinct (ctid::text::point)[0]::int as block from events order by 1`);
      const block = which === 'first' ? blocks.rows[0]!.block : blocks.rows[blocks.rows.length - 1]!.block;
      const onIt = await db.query<{ stream_id: string }>(`select distinct stream_id from events where (ctid::text::point)[0] = $1`, [block]);
      return { file: path, block, streams: onIt.rows.map((r) => r.stream_id) };
    });
    const bytes = readFileSync(join(dataDir, 'pglite', file));
    for (let i = block * 8192 + 4000; i < block * 8192 + 4064; i++) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(join(dataDir, 'pglite', file), bytes);
    return { block, streams };
  };

  beforeAll(async () => {
    ensureBuilt();
    const hub = await startHubProcess(envOf(original));
    try {
      const demo = await runNode([KETNOI_BIN, 'demo', '--url', hub.url], { KETNOI_DATA_DIR: original }, 60_000);
      expect(demo.code).toBe(0);
      admin = (await runNode([KETNOI_BIN, 'token', '--role', 'admin', '--ttl', '2h'], envOf(original))).stdout.trim();
    } finally {
      hub.child.kill('SIGTERM');
      await exited(hub.child);
    }
  }, 180_000);

  afterAll(async () => {
    for (const hub of hubs) {
      hub.child.kill('SIGKILL');
      await exited(hub.child);
    }
    rmSync(root, { recursive: true, force: true });
  });

  it("given a stream's last event deleted, when audit verify runs on the data dir, then it names the missing position and exits 1", async () => {
    const dataDir = copy();
    const deleted = await onDb(dataDir, async (db) => {
      const { rows } = await db.query<{ global_position: number }>(
        `delete from events where global_position = (select min(global_position) from events e
           where revision = (select max(revision) from events where stream_id = e.stream_id)) returning global_position`,
      );
      return rows[0]!.global_position;
    });
    const verify = await runNode([KETNOI_BIN, 'audit', 'verify'], envOf(dataDir));
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`BROKEN log: missing-positions expected an event at every position (positions are gap-free) found no event at position ${deleted}`);
    expect(verify.stdout).toMatch(/ 1 broken$/m);

    const hub = await start(dataDir);
    const rest = await fetch(`${hub.url}/v1/audit/verify`, { headers: { authorization: `Bearer ${admin}` } });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toMatchObject({
      ok: false,
      breaks: [{ streamId: '$all', problem: 'missing-positions', globalPosition: String(deleted) }],
    });
  });

  it('given the last event deleted and log_head lowered, when projections rebuild --verify runs, then it ends with a verdict naming the inconsistency, and verify names the reader past the end', async () => {
    const dataDir = copy();
    const last = await onDb(dataDir, async (db) => {
      const { rows } = await db.query<{ position: number }>(`update log_head set position = position - 1 returning position`);
      await db.query('delete from events where global_position > $1', [rows[0]!.position]);
      return rows[0]!.position;
    });
    const rebuild = await runNode([KETNOI_BIN, 'projections', 'rebuild', '--verify'], envOf(dataDir), 60_000);
    expect(rebuild.code).toBe(1);
    expect(rebuild.stderr.trim()).toBe(
      `projections rebuild partnership-status: the log ends at position ${last}, but projection partnership-status has read up to ${last + 1}: events are missing from the log (run \`ketnoi audit verify\`)`,
    );
    const verify = await runNode([KETNOI_BIN, 'audit', 'verify'], envOf(dataDir));
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`BROKEN log: checkpoint`);
    expect(verify.stdout).toContain(`projection_checkpoints/partnership-status has read up to position ${last + 1}`);
  });

  it('given a rotten page of early events, when verified, then the unreadable positions are named without a dump; the restarted hub answers 500 for that stream, logs it once with its error, and readiness then says why', async () => {
    const dataDir = copy();
    const { block, streams } = await rotPage(dataDir, 'first');
    const verify = await runNode([KETNOI_BIN, 'audit', 'verify'], envOf(dataDir));
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(new RegExp(`BROKEN log: unreadable expected readable events found the events at positions \\d+\\.\\.\\d+ unreadable: invalid page in block ${block} of relation`));
    expect(verify.stderr.length).toBeLessThan(2000);
    // A command that cannot step over the page fails with the reason, not a dump of minified source.
    const replay = await runNode([KETNOI_BIN, 'audit', 'replay', '--stream', streams[0]!, '--as-of', '1000000'], envOf(dataDir));
    expect(replay.code).toBe(1);
    expect(replay.stderr).toMatch(new RegExp(`^ketnoi: error: invalid page in block ${block} of relation`));
    expect(replay.stderr.length).toBeLessThan(3000);

    const hub = await start(dataDir);
    expect(await ready(hub)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const history = await fetch(`${hub.url}/v1/agreements/${streams[0]!.replace(/^agreement-/, '')}/history`, {
      headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'rotten-page-1' },
    });
    expect(history.status).toBe(500);
    expect(await history.json()).toMatchObject({ status: 500, detail: 'An unexpected error occurred.' });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the log line is written as the response finishes
    const lines = hub.stdout().split('\n').filter((line) => line.includes('"statusCode":500') || line.includes('rotten-page-1'));
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]!) as { level: number; req: { id: string }; err: { message: string; stack: string; code: string } };
    expect(logged).toMatchObject({ level: 50, req: { id: 'rotten-page-1' }, err: { code: 'XX001' } });
    expect(logged.err.message).toMatch(new RegExp(`invalid page in block ${block} of relation`));
    expect(logged.err.stack).toMatch(/\n\s+at /);
    expect(lines[0]).not.toContain(admin);

    expect(await ready(hub)).toMatchObject({ status: 503, body: { status: 'unavailable', reason: expect.stringMatching(new RegExp(`^storage: a stored page could not be read: invalid page in block ${block} of relation`)) } });
  });

  it('given a rotten page holding the last event, when the hub starts, then readiness says the store cannot be read', async () => {
    const dataDir = copy();
    const { block } = await rotPage(dataDir, 'last');
    const hub = await start(dataDir);
    expect(await ready(hub)).toMatchObject({ status: 503, body: { status: 'unavailable', reason: expect.stringMatching(new RegExp(`^event store: invalid page in block ${block} of relation`)) } });
  });
});
