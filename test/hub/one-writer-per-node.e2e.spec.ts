import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { ensureBuilt, exited, KETNOI_BIN, runNode, startHubProcess, type HubProcess } from './hub-process.js';

// One writer per node on a PostgreSQL server (issue 17): the hash chain and the relay assume one
// appender, so a second hub of the same node on the same schema stops, even from another data
// dir (another machine); other schemas of the same database are other nodes' and start.
describe('one writer per node on a PostgreSQL server', () => {
  const root = mkdtempSync(join(tmpdir(), 'ketnoi-one-writer-'));
  const schema = uniqueSchemaName('writer');
  const hubs: HubProcess[] = [];
  const envOf = (dir: string, schemaName = schema) => ({
    PORT: '0',
    GRPC_PORT: '0',
    KETNOI_NODE_ID: 'vn-hue',
    KETNOI_DATA_DIR: join(root, dir),
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: schemaName,
  });

  beforeAll(async () => {
    ensureBuilt();
    hubs.push(await startHubProcess(envOf('first')));
  }, 90_000);
  afterAll(async () => {
    for (const hub of hubs) {
      hub.child.kill('SIGKILL');
      await exited(hub.child);
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('given a hub of vn-hue on a schema, when another hub of vn-hue starts on it from another data dir, then it exits 1 with one line naming the writer', async () => {
    const second = await startHubProcess(envOf('second')).then(
      (hub) => {
        hubs.push(hub);
        return 'ready';
      },
      (error: Error) => error.message,
    );
    expect(second).toMatch(/^hub exited with 1\n/);
    expect(second.split('\nstderr: ')[1]).toMatch(
      new RegExp(
        `^Cannot start the hub: node vn-hue already has a writer on schema ${schema} of the PostgreSQL server of DATABASE_URL: ketnoi hub vn-hue pid ${hubs[0]!.child.pid} on .* since \\S+\\n$`,
      ),
    );
    expect((await fetch(`${hubs[0]!.url}/health/ready`)).status).toBe(200);
  }, 90_000);

  it('given that hub, when `projections rebuild` runs from another data dir on the same schema, then it is refused and changes nothing', async () => {
    const refused = await runNode([KETNOI_BIN, 'projections', 'rebuild'], envOf('cli'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^projections rebuild: node vn-hue already has a writer on schema ${schema} .*; stop it first, or pass --url of the running node\\n$`),
    );
    expect(refused.stdout).toBe('');
  }, 60_000);

  it('given that hub, when vn-hue starts on another schema of the same database, then it starts', async () => {
    const other = await startHubProcess(envOf('other-schema', uniqueSchemaName('writer')));
    hubs.push(other);
    expect((await fetch(`${other.url}/health/ready`)).status).toBe(200);
  }, 90_000);

  it('given the first hub stopped, when a hub of vn-hue starts on its schema from another data dir, then it becomes the writer', async () => {
    const first = hubs.shift()!;
    first.child.kill('SIGTERM');
    await exited(first.child);
    const next = await startHubProcess(envOf('second'));
    hubs.push(next);
    expect((await fetch(`${next.url}/health/ready`)).status).toBe(200);
  }, 90_000);
});
