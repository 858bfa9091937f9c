import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken } from '@ketnoi/platform';
import { ensureBuilt, exited, KETNOI_BIN, runNode, startHubProcess, type HubProcess } from './hub-process.js';

/** Starts a hub expected to be refused: resolves with the start's failure (exit code, stdout, stderr). */
async function refusedStart(env: Record<string, string>): Promise<{ message: string }> {
  try {
    const hub = await startHubProcess(env, 60_000);
    hub.child.kill('SIGKILL');
    await exited(hub.child);
    throw new Error(`a second hub became ready at ${hub.url}`);
  } catch (error) {
    return { message: (error as Error).message };
  }
}

const draft = (title: string) => ({
  title,
  kind: 'GRANT',
  parties: [
    { nodeId: 'vn-hue', name: 'Thừa Thiên Huế', role: 'PROVINCE', country: 'VN' },
    { nodeId: 'org-koica', name: 'KOICA', role: 'DONOR', country: 'KR' },
  ],
});

// One process per data dir (issue 17): a second hub, a CLI rebuild and audit verify against a
// running hub's data dir are refused or routed through its API, and nothing acknowledged is lost.
describe('one process per data dir', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-one-process-'));
  const env = { PORT: '0', GRPC_PORT: '0', KETNOI_NODE_ID: 'vn-hue', KETNOI_DATA_DIR: dataDir };
  let hub: HubProcess | undefined;
  let officer = '';
  const acknowledged: string[] = [];

  const record = async (title: string) => {
    const response = await fetch(`${hub!.url}/v1/agreements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify(draft(title)),
    });
    expect(response.status).toBe(201);
    acknowledged.push(((await response.json()) as { agreementId: string }).agreementId);
  };
  /** Every acknowledged agreement the hub can read now (from its log, not a read model). */
  const readable = async (): Promise<string[]> => {
    const found: string[] = [];
    for (const id of acknowledged) {
      const response = await fetch(`${hub!.url}/v1/agreements/${id}`, { headers: { authorization: `Bearer ${officer}` } });
      if (response.status === 200) found.push(id);
    }
    return found;
  };
  const stop = async (signal: NodeJS.Signals) => {
    hub!.child.kill(signal);
    await exited(hub!.child);
    hub = undefined;
  };

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHubProcess(env);
    officer = await mintToken({ role: 'officer', node: 'vn-hue' }, (await loadNodeKey(dataDir)).privateKey);
    await record('Huế smart culture and tourism city');
  }, 120_000);

  afterAll(async () => {
    if (hub) await stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a running hub, then its lock file names its pid, host, start time and URL', () => {
    const lock = JSON.parse(readFileSync(join(dataDir, 'hub.lock'), 'utf8')) as Record<string, unknown>;
    expect(lock).toEqual({ pid: hub!.child.pid, host: hostname(), since: expect.any(String), command: 'hub', url: hub!.url });
  });

  it('given a running hub, when a second hub starts on its data dir while the first records, then it exits 1 with one line naming the holder', async () => {
    const [second] = await Promise.all([
      refusedStart(env),
      (async () => {
        for (let i = 0; i < 5; i++) await record(`Đà Nẵng–Nevers exchange ${i}`);
      })(),
    ]);
    expect(second.message).toMatch(/^hub exited with 1\n/);
    const stderr = second.message.split('\nstderr: ')[1]!;
    expect(stderr).toMatch(
      new RegExp(`^Cannot start the hub: the data dir ${dataDir} is in use by hub pid ${hub!.child.pid} on ${hostname()} since \\S+ at ${hub!.url.replace(/[.]/g, '\\.')}\\n$`),
    );
    expect(await readable()).toEqual(acknowledged);
  }, 90_000);

  it('given a running hub, when `projections rebuild`, `audit verify` and `audit export` run on its data dir, then they go through its API and it keeps serving', async () => {
    const rebuilt = await runNode([KETNOI_BIN, 'projections', 'rebuild'], env);
    expect(rebuilt.stderr).toContain(`projections rebuild: node vn-hue is running (hub pid ${hub!.child.pid}`);
    expect(rebuilt.stdout).toMatch(/partnership-status: \d+ events to position \d+, rebuilt and swapped in/);
    expect(rebuilt.code).toBe(0);

    const verified = await runNode([KETNOI_BIN, 'audit', 'verify'], env);
    expect(verified.stderr).toMatch(/^audit verify: node vn-hue is running \(hub pid \d+ .*\): working through its API\n$/);
    expect(verified.stdout).toMatch(/^audit verify: \d+ events in 6 streams, 0 broken$/m);
    expect(verified.code).toBe(0);

    const trail = await runNode([KETNOI_BIN, 'audit', 'export', '--format', 'csv'], env);
    expect(trail.code).toBe(0);
    expect(trail.stdout.trim().split('\n')).toHaveLength(1 + acknowledged.length);

    await record('Cần Thơ climate resilience');
    expect(await readable()).toEqual(acknowledged);
  }, 90_000);

  it('given a running hub, when a new node key is generated over its own, then it is refused and the key is unchanged', async () => {
    const before = readFileSync(join(dataDir, 'node.key'), 'utf8');
    const refused = await runNode([KETNOI_BIN, 'keys', 'generate', '--force'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^keys generate: the data dir .* is in use by hub pid \d+ .*; stop it first\n$/);
    expect(readFileSync(join(dataDir, 'node.key'), 'utf8')).toBe(before);
  });

  it('given the hub stopped, then the lock is gone, the CLI works on the data dir and the hub starts again with every write', async () => {
    await stop('SIGTERM');
    expect(existsSync(join(dataDir, 'hub.lock'))).toBe(false);
    const verified = await runNode([KETNOI_BIN, 'audit', 'verify'], env);
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/^audit verify: \d+ events in 7 streams, 0 broken$/m);
    const rebuilt = await runNode([KETNOI_BIN, 'projections', 'rebuild', '--verify'], env);
    expect(rebuilt.code).toBe(0);
    expect(existsSync(join(dataDir, 'hub.lock'))).toBe(false);

    hub = await startHubProcess(env);
    expect(await readable()).toEqual(acknowledged);
  }, 120_000);

  it('given a hub killed without a chance to clean up, when it starts again, then it takes the stale lock over with one warning', async () => {
    const killed = hub!.child.pid;
    await stop('SIGKILL');
    expect(existsSync(join(dataDir, 'hub.lock'))).toBe(true);
    hub = await startHubProcess(env);
    expect(hub.stderr()).toMatch(new RegExp(`^warning: took over the lock ${dataDir}/hub\\.lock of hub pid ${killed} on .*, which is no longer running\\n`));
    expect(await readable()).toEqual(acknowledged);
  }, 120_000);
});
