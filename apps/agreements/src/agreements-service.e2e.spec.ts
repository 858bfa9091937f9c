import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type KetnoiConfig } from '@ketnoi/config';
import { generateNodeKey, loadNodeKey } from '@ketnoi/federation/keys';
import { startNode, type RunningNode } from '@ketnoi/node/start';
import { mintToken, NodeInUseError } from '@ketnoi/platform';
import { CAN_THO_SCHEME_DRAFT } from '../../../libs/agreements/src/testing/fixtures.js';

let auth: Record<string, string>;
const get = (url: string) => fetch(url, { headers: auth });
const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('apps/agreements: the write service of a node as a process of its own (PGlite)', () => {
  let dir: string;
  let config: KetnoiConfig;
  let service: RunningNode;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ketnoi-agreements-service-'));
    config = loadConfig({ KETNOI_NODE_ID: 'vn-can-tho', KETNOI_DATA_DIR: dir, PORT: '0', GRPC_PORT: '0', LOG_LEVEL: 'silent' });
    await generateNodeKey(dir);
    // A real token, signed with the node's key, as the service wants on every /v1 route.
    auth = { authorization: `Bearer ${await mintToken({ role: 'officer', node: 'vn-can-tho' }, (await loadNodeKey(dir)).privateKey)}` };
    service = await startNode(config, ['agreements']);
  });
  afterAll(async () => {
    await service?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips 1 011 800 000 000 VND exactly', async () => {
    const drafted = await post(`${service.url}/v1/agreements`, CAN_THO_SCHEME_DRAFT);
    expect(drafted.status).toBe(201);
    const { agreementId } = (await drafted.json()) as { agreementId: string };

    const funded = await post(`${service.url}/v1/agreements/${agreementId}/funding`, {
      amount: '1011800000000',
      currency: 'VND',
      donor: 'vn-mof',
    });
    expect(funded.status).toBe(200);

    const agreement = (await (await get(`${service.url}/v1/agreements/${agreementId}`)).json()) as {
      funding: unknown;
    };
    expect(agreement.funding).toEqual([
      { donor: 'vn-mof', currency: 'VND', committed: '1011800000000', disbursed: '0' },
    ]);
    const raw = await (await get(`${service.url}/v1/agreements/${agreementId}/history`)).text();
    expect(raw).toContain('"amount":{"amount":"1011800000000","currency":"VND"}');
  });

  it('keeps serving after bad input', async () => {
    const bad = await fetch(`${service.url}/v1/agreements`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"title": ',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const wrong = await post(`${service.url}/v1/agreements`, { ...CAN_THO_SCHEME_DRAFT, kind: 'GIFT' });
    expect(wrong.status).toBe(400);
    expect((await post(`${service.url}/v1/agreements`, CAN_THO_SCHEME_DRAFT)).status).toBe(201);
  });

  it('given no token or a token of another key, when a /v1 route is called, then 401 and nothing is recorded', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = `Bearer ${await mintToken({ role: 'admin', node: 'vn-can-tho' }, other)}`;
    const attempts: Array<Record<string, string>> = [{}, { authorization: forged }, { authorization: 'Basic abc' }];
    for (const headers of attempts) {
      const res = await fetch(`${service.url}/v1/agreements`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(CAN_THO_SCHEME_DRAFT),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await fetch(`${service.url}/docs-json`)).status).toBe(200);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  });

  it('given the service runs on PGlite, when another service of the node starts on the data dir, then it is refused naming DATABASE_URL', async () => {
    const second = startNode(config, ['projections']);
    await expect(second).rejects.toThrow(NodeInUseError);
    await expect(second).rejects.toThrow(/in use by agreements pid \d+ .*set DATABASE_URL to run them as separate processes$/);
  });
});
