import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@ketnoi/event-store';
import {
  IATI_DATA,
  postIatiFile,
  PUBLISHER,
  seedCompletedGrant,
  seedNegotiations,
  startIatiTestApp,
  TestStores,
  xmllint,
  type IatiTestApp,
} from '../testing/index.js';

const stores = new TestStores();
let dir: string;
let origin: { app: IatiTestApp; store: EventStore };
let fresh: { app: IatiTestApp; store: EventStore };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ketnoi-iati-http-'));
  const a = await stores.freshStorage();
  await seedNegotiations(a.store);
  await seedCompletedGrant(a.store);
  origin = { app: await startIatiTestApp(a, PUBLISHER), store: a.store };
  const b = await stores.freshStorage();
  fresh = { app: await startIatiTestApp(b, PUBLISHER), store: b.store };
});
afterAll(async () => {
  await origin?.app.close();
  await fresh?.app.close();
  await stores.closeAll();
  await rm(dir, { recursive: true, force: true });
});

const postFile = postIatiFile;

describe('IATI over HTTP', () => {
  it('given agreements, when GET /v1/export/iati, then an XML document valid against the 2.03 schema streams back', async () => {
    const response = await fetch(`${origin.app.url}/v1/export/iati`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const file = join(dir, 'export.xml');
    await writeFile(file, await response.text());
    expect(await xmllint(file)).toBe('valid');
    expect((await readFile(file, 'utf8')).match(/<iati-activity /g)).toHaveLength(4);
  });

  it('given a partner of none of them, when it exports, then 404 problem, not an empty invalid file', async () => {
    const response = await fetch(`${origin.app.url}/v1/export/iati`, {
      headers: { 'x-test-actor': 'partner@kr-busan' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('given a malformed asOf or node, when exporting, then 400 naming the parameter', async () => {
    const asOf = await fetch(`${origin.app.url}/v1/export/iati?asOf=yesterday`);
    expect(asOf.status).toBe(400);
    expect(JSON.stringify(await asOf.json())).toContain('asOf');
    const node = await fetch(`${origin.app.url}/v1/export/iati?node=Not%20A%20Node`);
    expect(node.status).toBe(400);
    expect(JSON.stringify(await node.json())).toContain('node');
  });

  it('given an export, when POSTed to a fresh node, then each activity is drafted and reported, streamed as JSON', async () => {
    const file = join(dir, 'to-import.xml');
    await writeFile(file, await (await fetch(`${origin.app.url}/v1/export/iati`)).text());
    const response = await postFile(fresh.app.url, file);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      activities: Array<{ outcome: string }>;
      summary: Record<string, number>;
    };
    expect(body.summary).toMatchObject({ activities: 4, drafted: 4, skipped: 0 });
    expect(body.activities.map((a) => a.outcome)).toEqual(['drafted', 'drafted', 'drafted', 'drafted']);
    const again = (await (await postFile(fresh.app.url, file)).json()) as { summary: Record<string, number> };
    expect(again.summary).toMatchObject({ drafted: 0, alreadyImported: 4 });
  });

  it('given a should-fail file, when POSTed, then 400 problem naming the element, and nothing is recorded', async () => {
    const before = await fresh.store.headPosition();
    const response = await postFile(
      fresh.app.url,
      join(IATI_DATA, 'tests/activity-tests/should-fail/24-two-titles.xml'),
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as {
      code: string;
      detail: string;
      errors: Array<{ field: string }>;
    };
    expect(problem.code).toBe('INVALID_IATI_FILE');
    expect(problem.errors[0]!.field).toBe('title');
    expect(problem.detail).toContain("Element 'title'");
    expect(await fresh.store.headPosition()).toBe(before);
  });

  it('given a partner or another node, when it imports, then 403 and nothing is recorded', async () => {
    const before = await fresh.store.headPosition();
    const example = join(IATI_DATA, 'activity-standard-example-annotated.xml');
    expect((await postFile(fresh.app.url, example, { 'x-test-actor': 'partner@vn-hue' })).status).toBe(403);
    expect((await postFile(fresh.app.url, example, { 'x-test-actor': 'officer@fr-nevers' })).status).toBe(
      403,
    );
    expect(await fresh.store.headPosition()).toBe(before);
  });
});
