import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeIdentity } from '@ketnoi/federation/keys';
import { ensureBuilt, exited, startHubProcess, type HubProcess } from './hub-process.js';

const linesOf = (text: string): string[] => text.split('\n').filter((line) => line.length > 0);

/** What the hub printed up to and including its ready line. */
const untilReady = (hub: HubProcess): string[] => {
  const lines = linesOf(hub.stdout());
  return lines.slice(0, lines.findIndex((line) => line.includes('ready: API')) + 1);
};

/** The value of an unlabelled counter on /metrics. */
const counter = async (hub: HubProcess, name: string): Promise<number> => {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const value = new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`no ${name} on /metrics`);
  return Number(value);
};

// The real built hub as a child process (PGlite in a temp dir, PORT=0).
describe('a hub at the default log level, then idle', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-quiet-hub-'));
  let hub: HubProcess;

  beforeAll(async () => {
    ensureBuilt();
    // A node that started before: its key exists, so nothing but the start is there to report.
    await loadNodeIdentity('vn-hue', dataDir);
    hub = await startHubProcess({ PORT: '0', GRPC_PORT: '0', KETNOI_NODE_ID: 'vn-hue', KETNOI_DATA_DIR: dataDir });
  }, 120_000);

  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    if (hub) await exited(hub.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when it is ready, then it has printed exactly one line on stdout: the ready line', () => {
    const printed = untilReady(hub);
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0]!)).toMatchObject({ level: 30, node: 'vn-hue', context: 'Hub' });
  });

  it('when nobody calls it for 2 s, then its catch-up loops do not read the log (at most one safety read each)', async () => {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    // The loops of this hub: one per projection (each has a lag gauge) and the partner flow.
    const loops = new Set([...text.matchAll(/^ketnoi_projection_lag_events\{projection="([^"]+)"\}/gm)].map((m) => m[1]))
      .size + 1;
    const before = await counter(hub, 'ketnoi_event_log_reads_total');

    await new Promise((resolve) => setTimeout(resolve, 2000));

    // A 50 ms poll made some 40 reads per loop in 2 s; waiting for the append notice makes none,
    // but for the 30 s safety poll falling into the window.
    expect(loops).toBeGreaterThan(1);
    expect((await counter(hub, 'ketnoi_event_log_reads_total')) - before).toBeLessThanOrEqual(loops);
  });
});

describe('a hub at LOG_LEVEL=debug', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-debug-hub-'));
  let hub: HubProcess;

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHubProcess({
      PORT: '0',
      GRPC_PORT: '0',
      KETNOI_NODE_ID: 'vn-hue',
      KETNOI_DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
    });
  }, 120_000);

  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    if (hub) await exited(hub.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("when it is ready, then it has printed Nest's start-up details as JSON lines at debug, and one info line: ready, naming the new node key", () => {
    const printed = untilReady(hub).map((line) => JSON.parse(line) as { level: number; context?: string; msg: string });
    expect(printed).toContainEqual(
      expect.objectContaining({ level: 20, context: 'RouterExplorer', msg: 'Mapped {/v1/agreements, POST} route' }),
    );
    expect(printed).toContainEqual(expect.objectContaining({ level: 20, context: 'InstanceLoader' }));
    // A new node: the created key is named in the ready line itself, not on a line of its own.
    expect(printed.filter((line) => line.level === 30)).toEqual([
      expect.objectContaining({ context: 'Hub', msg: expect.stringMatching(/ ready: .*; created node key .*node\.key: add its public key/) }),
    ]);
  });
});
