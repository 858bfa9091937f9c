import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { AuthModule, mintToken } from '@ketnoi/platform';
import { CAN_THO_SCHEME_DRAFT } from '../../../libs/agreements/src/testing/fixtures.js';
import { freePort } from '../../../libs/agreements/src/testing/free-port.js';
import { testStorageModule } from '../../../libs/agreements/src/testing/agreements-test-app.js';
import { pgliteStorage } from '../../../libs/agreements/src/testing/storage.js';
import type { TestStorage } from '../../../libs/agreements/src/testing/agreements-test-app.js';
import { startAgreementsService, type RunningAgreementsService } from './start-agreements-service.js';

// A real token, signed with the service's node key, as a served app wants on every /v1 route.
const key = generateKeyPairSync('ed25519');
const nodeKey = { privateKey: key.privateKey, publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }) as string };
let auth: Record<string, string>;
const get = (url: string) => fetch(url, { headers: auth });
const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('apps/agreements: the write service listening on a port chosen at run time', () => {
  let storage: TestStorage;
  let service: RunningAgreementsService;

  beforeAll(async () => {
    auth = { authorization: `Bearer ${await mintToken({ role: 'officer', node: 'vn-can-tho' }, nodeKey.privateKey)}` };
    storage = await pgliteStorage('vn-can-tho');
    service = await startAgreementsService(
      { http: { host: '127.0.0.1', port: 0 }, grpc: { port: await freePort() } },
      testStorageModule(storage, 'vn-can-tho'),
      AuthModule.forNodeKey(nodeKey),
      { logger: false },
    );
  });
  afterAll(async () => {
    await service?.close();
    await storage?.store.close();
    await storage?.sql.close();
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
  });
});
