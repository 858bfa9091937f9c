import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ketnoi/config';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken } from '@ketnoi/platform';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub.js';

// Issue 17, "JSON and text safety": each case was seen on a running hub; in process, PGlite.
describe('JSON and text safety of the hub', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-json-'));
  let hub: RunningHub;
  let auth: string;
  let agreementId: string;

  const send = async (path: string, body: string | Uint8Array<ArrayBuffer> | undefined, contentType?: string, method = 'POST') => {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { authorization: auth, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : new Blob([body]) }),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? (JSON.parse(text) as Problem) : undefined };
  };
  const json = (path: string, body: string) => send(path, body, 'application/json');
  const head = async () => ((await (await fetch(`${hub.url}/health/ready`)).json()) as { position: string }).position;
  const party = (nodeId: string, name: string) => ({ nodeId, name, role: 'CITY', country: 'VN' });
  const draft = (title: string, name = 'Thừa Thiên Huế') =>
    JSON.stringify({ title, kind: 'TWINNING', parties: [party('vn-hue', name), party('fr-nevers', 'Nevers')] });

  /** Sends the request and expects a 4xx problem naming `field` with the log unchanged. */
  const refused = async (request: Promise<Awaited<ReturnType<typeof send>>>, status: number, field?: string) => {
    const before = await head();
    const res = await request;
    expect({ status: res.status, type: res.type }).toEqual({ status, type: expect.stringContaining('application/problem+json') });
    if (field) expect(res.body?.errors?.map((e) => e.field)).toContain(field);
    expect(await head()).toBe(before);
    return res.body!;
  };

  beforeAll(async () => {
    hub = await startHub(
      loadConfig({ PORT: '0', GRPC_PORT: '0', KETNOI_NODE_ID: 'vn-hue', KETNOI_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    );
    auth = `Bearer ${await mintToken({ role: 'admin', node: 'vn-hue' }, (await loadNodeKey(dataDir)).privateKey)}`;
    const created = await json('/v1/agreements', draft('Hợp tác Huế'));
    expect(created).toMatchObject({ status: 201 });
    agreementId = (created.body as unknown as { agreementId: string }).agreementId;
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('bodies that are not JSON', () => {
    it('given text/plain garbage, when proposing, then 415 and the agreement stays a draft', async () => {
      const problem = await refused(send(`/v1/agreements/${agreementId}/propose`, 'garbage', 'text/plain'), 415);
      expect(problem.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(problem.detail).toMatch(/application\/json/);
    });

    it('given a form-urlencoded note, then 415 and no note', async () => {
      await refused(send(`/v1/agreements/${agreementId}/notes`, 'text=hello', 'application/x-www-form-urlencoded'), 415);
    });

    it('given a body and no content-type, then 415', async () => {
      await refused(send(`/v1/agreements/${agreementId}/notes`, new TextEncoder().encode('{"text":"x"}')), 415);
    });

    it('given a +json media type with a charset, then it is read as JSON', async () => {
      const res = await send(`/v1/agreements/${agreementId}/notes`, '{"text":"ghi chú"}', 'application/vnd.ketnoi+json; charset=utf-8');
      expect(res.status).toBe(200);
    });
  });

  describe('JSON the strict parser refuses with a 400 naming the path', () => {
    it('given JSON nested 2,000 levels, then 400 (not 500) naming the depth limit', async () => {
      const deep = `{"text":${'['.repeat(2000)}${']'.repeat(2000)}}`;
      const problem = await refused(json(`/v1/agreements/${agreementId}/notes`, deep), 400, 'text' + '[0]'.repeat(31));
      expect(problem.detail).toMatch(/32/);
    });

    it('given a lone surrogate escaped in the title, then 400 naming title', async () => {
      const body = draft('TITLE').replace('"TITLE"', '"\\ud800 Huế"');
      expect(body).toContain('"\\ud800 Huế"');
      await refused(json('/v1/agreements', body), 400, 'title');
    });

    it('given duplicate keys, then 400 naming the repeated key (no last-wins)', async () => {
      const body = `{"text":"1","noteId":"0193a1a8-0000-7000-8000-000000000001","text":"1000000"}`;
      const problem = await refused(json(`/v1/agreements/${agreementId}/notes`, body), 400, 'text');
      expect(problem.detail).toMatch(/more than once/);
    });

    it.each(['__proto__', 'constructor', 'prototype'])('given a %s key, then 400 naming it', async (key) => {
      const body = `{"title":"Huế","kind":"TWINNING","parties":[{"nodeId":"vn-hue","name":"Huế","role":"CITY","country":"VN","${key}":{"x":1}},{"nodeId":"fr-nevers","name":"Nevers","role":"CITY","country":"FR"}]}`;
      await refused(json('/v1/agreements', body), 400, `parties[0].${key}`);
    });

    it('given bytes that are not UTF-8, then 400 instead of U+FFFD in the log', async () => {
      const bytes = new Uint8Array([...Buffer.from('{"text":"Hu'), 0xc3, 0x28, ...Buffer.from('"}')]);
      const problem = await refused(send(`/v1/agreements/${agreementId}/notes`, bytes, 'application/json'), 400, 'body');
      expect(problem.detail).toMatch(/UTF-8/);
    });
  });

  describe('text rules of the domain at the edge', () => {
    it.each<[string, string]>([
      ['zero-width only', '\u200b\u200d\u2060'],
      ['a bidi override', 'Huế \u202egnaN àĐ'],
      ['a bidi isolate', 'Huế \u2066x\u2069'],
      ['a C1 control', 'Huế\u0085'],
    ])('given a title with %s, then 400 naming title and saying why', async (_what, title) => {
      const problem = await refused(json('/v1/agreements', JSON.stringify({ title, kind: 'TWINNING', parties: [party('vn-hue', 'Huế'), party('fr-nevers', 'Nevers')] })), 400, 'title');
      expect(problem.detail).toMatch(/invisible|direction|control/);
    });

    it('given a party name with a right-to-left override, then 400 naming the party name', async () => {
      await refused(json('/v1/agreements', draft('Huế', 'Ville de \u202eNevers')), 400, 'parties[0].name');
    });

    it('given a Vietnamese title of 279 letters typed in NFD (419 UTF-16 units), then it is recorded', async () => {
      const title = 'Nghệ Độ '.repeat(35).normalize('NFD').trim();
      expect(title.length).toBeGreaterThan(300);
      expect([...title.normalize('NFC')].length).toBeLessThanOrEqual(300);
      const res = await json('/v1/agreements', draft(title));
      expect(res.status).toBe(201);
    });
  });
});

interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: ReadonlyArray<{ field: string; message: string }>;
}
