import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ketnoi/config';
import { openStorage } from '@ketnoi/platform';
import { partnershipStatusProjection, ProjectionRunner } from '@ketnoi/projections';
import { pgliteStorage } from '../../../../../libs/agreements/src/testing/storage.js';
import type { TestStorage } from '../../../../../libs/agreements/src/testing/agreements-test-app.js';
import {
  appendAgreement,
  CAN_THO,
  funding,
  HUE_KOICA,
} from '../../../../../libs/projections/src/testing/agreement-events.js';
import {
  startProjectionsTestApp,
  type ProjectionsTestApp,
} from '../../../../../libs/projections/src/testing/projections-test-app.js';
import { CliError } from '../cli-command.js';
import { buildProgram } from '../program.js';

async function ketnoi(...args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await buildProgram().parseAsync(['node', 'ketnoi', ...args]);
  } finally {
    log.mockRestore();
  }
  return lines.join('\n');
}

describe('ketnoi projections rebuild', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ketnoi-projections-cli-'));
    process.env.KETNOI_NODE_ID = 'vn-hue';
    process.env.KETNOI_DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    delete process.env.KURRENTDB_CONNECTION_STRING;
    delete process.env.KETNOI_URL;
    // The node ran once: events recorded and projected, then stopped.
    const storage = await openStorage(loadConfig(process.env));
    await appendAgreement(storage.store, HUE_KOICA, [funding('org-koica', '13000000', 'USD')]);
    await appendAgreement(storage.store, CAN_THO);
    const runner = new ProjectionRunner(storage.sql, storage.store, partnershipStatusProjection, {
      log: () => undefined,
    });
    await runner.start();
    await runner.waitFor(3n, 10_000);
    await runner.stop();
    await storage.close();
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it("given a stopped node's data dir, when verifying, then it passes; after tampering it exits non-zero naming the row and the field", async () => {
    expect(await ketnoi('projections', 'rebuild', 'partnership-status', '--verify')).toMatch(
      /partnership-status: 3 events to position 3, identical to the live rows/,
    );
    const storage = await openStorage(loadConfig(process.env));
    await storage.sql.query(`update rm_partnership_status set status = 'ACTIVE' where title like 'Huế%'`);
    await storage.close();

    const failed = ketnoi('projections', 'rebuild', 'partnership-status', '--verify');
    await expect(failed).rejects.toThrow(CliError);
    await expect(failed).rejects.toThrow(
      /^partnership-status: rows differ at rm_partnership_status \S+ in status:\n {2}status: live "ACTIVE", rebuilt "DRAFT"$/,
    );

    // Rebuilding (activity included, never run before: it starts from nothing) repairs it.
    expect(await ketnoi('projections', 'rebuild')).toMatch(
      /partnership-status: 3 events .* rebuilt and swapped in\nactivity: 3 events/,
    );
    expect(await ketnoi('projections', 'rebuild', '--verify')).toMatch(/identical.*\n.*identical/);
    await expect(ketnoi('projections', 'rebuild', 'nonsense')).rejects.toThrow(/no projection nonsense/);
  });

  describe('against a running node (--url)', () => {
    let storage: TestStorage;
    let app: ProjectionsTestApp;
    beforeAll(async () => {
      storage = await pgliteStorage('vn-hue');
      app = await startProjectionsTestApp(storage);
      const { result } = await appendAgreement(storage.store, HUE_KOICA);
      await app.host.runner('partnership-status').waitFor(result.position, 5000);
    });
    afterAll(async () => {
      await app?.close();
      await storage?.store.close();
      await storage?.sql.close();
    });

    it('given the admin route, when verifying and rebuilding, then the node answers and keeps serving', async () => {
      expect(
        await ketnoi('projections', 'rebuild', 'partnership-status', '--verify', '--url', app.url),
      ).toMatch(/identical/);
      await storage.sql.query(`update rm_partnership_status set title = 'x'`);
      await expect(
        ketnoi('projections', 'rebuild', 'partnership-status', '--verify', '--url', app.url),
      ).rejects.toThrow(/rows differ/);
      expect(await ketnoi('projections', 'rebuild', 'partnership-status', '--url', app.url)).toMatch(
        /swapped in/,
      );
      const list = (await (await fetch(`${app.url}/v1/agreements?q=hue`)).json()) as { items: unknown[] };
      expect(list.items).toHaveLength(1);
    });
  });
});
