import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { loadConfig } from '@ketnoi/config';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken, type Role } from '@ketnoi/platform';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub.js';

// The hub as served (JWT on every /v1 route), in process on a free port with a fresh PGlite.
describe('access control on the hub', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-access-'));
  let hub: RunningHub;
  let key: KeyObject;
  const token = (role: Role, node: string) => mintToken({ role, node }, key);

  const call = async (method: string, path: string, auth: string | undefined, body?: unknown) => {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} , headers: res.headers };
  };
  const as = async (role: Role, node: string) => `Bearer ${await token(role, node)}`;
  const head = async () => (await (await fetch(`${hub.url}/health/ready`)).json() as { position: string }).position;

  const draft = {
    title: 'Hợp tác phát triển đô thị thông minh Huế – Nevers',
    kind: 'TWINNING',
    parties: [
      { nodeId: 'vn-hue', name: 'Thừa Thiên Huế', role: 'PROVINCE', country: 'VN' },
      { nodeId: 'fr-nevers', name: 'Ville de Nevers', role: 'CITY', country: 'FR' },
      { nodeId: 'org-koica', name: 'KOICA', role: 'DONOR', country: 'KR' },
    ],
  };
  const newAgreement = async (): Promise<string> => {
    const res = await call('POST', '/v1/agreements', await as('admin', 'vn-hue'), draft);
    expect(res.status).toBe(201);
    return res.body.agreementId as string;
  };

  beforeAll(async () => {
    // Buckets are per verified caller: the admin@vn-hue commands of this whole file share one.
    hub = await startHub(
      loadConfig({ PORT: '0', GRPC_PORT: '0', KETNOI_NODE_ID: 'vn-hue', KETNOI_DATA_DIR: dataDir, LOG_LEVEL: 'silent', KETNOI_COMMAND_RATE_LIMIT: '100' }),
    );
    key = (await loadNodeKey(dataDir)).privateKey;
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('writes: role x own/other node', () => {
    it.each<[Role, string, number]>([
      ['officer', 'vn-hue', 201],
      ['admin', 'vn-hue', 201],
      ['officer', 'kr-busan', 403],
      ['partner', 'fr-nevers', 403],
      ['auditor', 'vn-hue', 403],
    ])('given %s@%s, when drafting an agreement of vn-hue and fr-nevers, then %i', async (role, node, status) => {
      const before = await head();
      const res = await call('POST', '/v1/agreements', await as(role, node), draft);
      expect(res.status).toBe(status);
      if (status === 403) {
        expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
        expect(await head()).toBe(before);
      }
    });

    it.each<[Role, string, string, number]>([
      ['officer', 'vn-hue', 'vn-hue', 200],
      ['officer', 'vn-hue', 'org-koica', 403],
      ['admin', 'vn-hue', 'org-koica', 200],
      ['partner', 'fr-nevers', 'fr-nevers', 200],
      ['partner', 'fr-nevers', 'vn-hue', 403],
      // Not a party: told the agreement does not exist, as for a missing one (no existence leak).
      ['partner', 'kr-busan', 'kr-busan', 404],
      ['auditor', 'vn-hue', 'vn-hue', 403],
      // A token of another node acts here at most as that node's partner, whatever role it claims.
      ['officer', 'fr-nevers', 'vn-hue', 403],
      ['admin', 'kr-busan', 'kr-busan', 404],
    ])('given %s@%s, when countersigning for %s a proposed agreement, then %i', async (role, node, party, status) => {
      const id = await newAgreement();
      expect((await call('POST', `/v1/agreements/${id}/propose`, await as('admin', 'vn-hue'), {})).status).toBe(200);
      const before = await head();
      const res = await call('POST', `/v1/agreements/${id}/countersign`, await as(role, node), { party });
      expect(res.status).toBe(status);
      if (status !== 200) expect(await head()).toBe(before);
    });

    it.each<[Role, string, string, number]>([
      ['officer', 'fr-nevers', 'amend', 403],
      ['admin', 'fr-nevers', 'terminate', 403],
      ['officer', 'fr-nevers', 'funding', 403],
      ['officer', 'kr-busan', 'amend', 404],
    ])('given a token %s@%s of another node, when it sends %s on a vn-hue agreement, then %i and nothing is recorded', async (role, node, verb, status) => {
      const id = await newAgreement();
      const before = await head();
      const bodies: Record<string, unknown> = {
        amend: { title: 'Bị sửa' },
        terminate: { reason: 'x' },
        funding: { donor: 'org-koica', amount: '1000', currency: 'USD' },
      };
      const res = await call('POST', `/v1/agreements/${id}/${verb}`, await as(role, node), bodies[verb]);
      expect(res.status).toBe(status);
      if (status === 403) expect(String(res.body.detail)).toMatch(/at most as .*partner/);
      expect(await head()).toBe(before);
    });

    it('given an officer token of another node, when drafting here, then 403: a draft is homed at this node', async () => {
      const before = await head();
      const foreign = { ...draft, parties: draft.parties.filter((p) => p.nodeId !== 'vn-hue') };
      const res = await call('POST', '/v1/agreements', await as('officer', 'fr-nevers'), foreign);
      expect(res.status).toBe(403);
      expect(String(res.body.detail)).toMatch(/homed at this node \(vn-hue\)/);
      expect(await head()).toBe(before);
    });

    it('given a non-party, when sending If-Match "0" to an agreement that exists and one that does not, then the same 404 both times', async () => {
      const id = await newAgreement();
      const missing = '0190a000-0000-7000-8000-000000000000';
      const ask = async (target: string) => {
        const res = await fetch(`${hub.url}/v1/agreements/${target}/propose`, {
          method: 'POST',
          headers: { authorization: await as('partner', 'kr-busan'), 'content-type': 'application/json', 'if-match': '"0"' },
          body: '{}',
        });
        const body = (await res.json()) as Record<string, unknown>;
        return { status: res.status, code: body.code, detail: body.detail, currentRevision: body.currentRevision };
      };
      const existing = await ask(id);
      expect(existing).toEqual(await ask(missing));
      expect(existing.status).toBe(404);
      expect(existing.currentRevision).toBeUndefined();
    });

    it('given a partner, when it records a note (its own endorsement), then it is recorded with its subject and node', async () => {
      const id = await newAgreement();
      const res = await call('POST', `/v1/agreements/${id}/notes`, await as('partner', 'fr-nevers'), { text: 'Nevers đã xem' });
      expect(res.status).toBeLessThan(300);
      const history = await call('GET', `/v1/agreements/${id}/history`, await as('auditor', 'vn-hue'));
      const events = history.body.events as Array<{ type: string; metadata: { actor: string; actorNode: string } }>;
      expect(events.at(-1)!.metadata).toMatchObject({ actor: 'partner@fr-nevers', actorNode: 'fr-nevers' });
    });
  });

  describe('reads: a partner sees only what its node is party to', () => {
    it.each<[Role, string, number]>([
      ['officer', 'vn-hue', 200],
      ['auditor', 'vn-hue', 200],
      ['admin', 'vn-hue', 200],
      ['partner', 'fr-nevers', 200],
      ['partner', 'kr-busan', 404],
      ['officer', 'fr-nevers', 200],
      ['auditor', 'kr-busan', 404],
      ['admin', 'kr-busan', 404],
    ])('given %s@%s, when reading an agreement of vn-hue and fr-nevers, then %i', async (role, node, status) => {
      const id = await newAgreement();
      const auth = await as(role, node);
      expect((await call('GET', `/v1/agreements/${id}`, auth)).status).toBe(status);
      expect((await call('GET', `/v1/agreements/${id}/history`, auth)).status).toBe(status);
    });

    it('given a partner of no agreement, when listing, then it sees none', async () => {
      await newAgreement();
      const stranger = await call('GET', '/v1/agreements?minPosition=' + (await head()), await as('partner', 'kr-busan'));
      expect(stranger.status).toBe(200);
      expect(stranger.body.items).toEqual([]);
      const party = await call('GET', '/v1/agreements?minPosition=' + (await head()), await as('partner', 'fr-nevers'));
      expect((party.body.items as unknown[]).length).toBeGreaterThan(0);
    });

    it.each<[Role, number]>([
      ['auditor', 200],
      ['admin', 200],
      ['officer', 403],
      ['partner', 403],
    ])('given %s, when asking the audit trail to verify, then %i', async (role, status) => {
      const res = await call('GET', '/v1/audit/verify', await as(role, role === 'partner' ? 'fr-nevers' : 'vn-hue'));
      expect(res.status).toBe(status);
      // An auditor of another node is not this node's auditor.
      const foreign = await call('GET', '/v1/audit/export', await as(role, 'fr-nevers'));
      expect(foreign.status).toBe(403);
      if (status === 200) expect(res.body).toMatchObject({ ok: true, breaks: [] });
    });
  });

  describe('a withdrawn party reads the agreement as it stood at its withdrawal, and nothing later', () => {
    it('given fr-nevers withdrew and then funding and a note were recorded, when fr-nevers reads anywhere, then it sees neither', async () => {
      const id = await newAgreement();
      const admin = await as('admin', 'vn-hue');
      expect((await call('POST', `/v1/agreements/${id}/parties/fr-nevers/withdraw`, admin, { reason: 'Rút khỏi dự án' })).status).toBe(200);
      expect((await call('POST', `/v1/agreements/${id}/funding`, admin, { donor: 'org-koica', amount: '500000', currency: 'USD' })).status).toBe(200);
      expect((await call('POST', `/v1/agreements/${id}/notes`, admin, { text: 'Ghi chú sau khi Nevers rút' })).status).toBeLessThan(300);
      const at = await head();
      const nevers = await as('partner', 'fr-nevers');

      const detail = await call('GET', `/v1/agreements/${id}`, nevers);
      expect(detail.status).toBe(200);
      expect(detail.body.funding).toEqual([]);
      expect(detail.body.lastEvent).toMatchObject({ type: 'PartyWithdrawn' });
      const history = await call('GET', `/v1/agreements/${id}/history`, nevers);
      expect((history.body.events as Array<{ type: string }>).map((e) => e.type)).toEqual(['AgreementDrafted', 'PartyWithdrawn']);

      const list = await call('GET', `/v1/agreements?minPosition=${at}`, nevers);
      const item = (list.body.items as Array<Record<string, unknown>>).find((i) => i.agreementId === id);
      expect(item).toMatchObject({ funding: [], lastEvent: { type: 'PartyWithdrawn' } });
      const activity = await call('GET', `/v1/activity?agreementId=${id}&minPosition=${at}`, nevers);
      expect((activity.body.items as Array<{ type: string }>).map((i) => i.type)).toEqual(['PartyWithdrawn', 'AgreementDrafted']);
      const donor = await call('GET', `/v1/donors/org-koica/portfolio?minPosition=${at}`, nevers);
      expect((donor.body.agreements as Array<{ agreementId: string }>).filter((l) => l.agreementId === id)).toEqual([]);

      // The home still sees everything.
      const home = await call('GET', `/v1/agreements/${id}`, admin);
      expect(home.body.funding).toHaveLength(1);
      // And the withdrawn party may no longer write.
      const note = await call('POST', `/v1/agreements/${id}/notes`, nevers, { text: 'Còn đây không?' });
      expect(note.status).toBe(403);
      expect(await head()).toBe(at);
    });
  });

  describe('bad tokens: 401, nothing recorded', () => {
    const claims = { role: 'admin', node: 'vn-hue' };
    const signed = (build: (jwt: SignJWT) => SignJWT, with_: KeyObject = key) =>
      build(new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA' }).setSubject('admin@vn-hue')).sign(with_);
    const unsecured = () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: 'admin@vn-hue', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    };
    const cases: Array<[string, () => Promise<string | undefined>, RegExp]> = [
      ['no Authorization header', async () => undefined, /Authorization: Bearer/],
      ['expired', () => signed((j) => j.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600)).then((t) => `Bearer ${t}`), /expired/],
      ['not yet valid', () => signed((j) => j.setNotBefore('1h').setExpirationTime('2h')).then((t) => `Bearer ${t}`), /not yet valid/],
      ['signed by another key', () => signed((j) => j.setExpirationTime('1h'), generateKeyPairSync('ed25519').privateKey).then((t) => `Bearer ${t}`), /signature/],
      ['alg: none', async () => `Bearer ${unsecured()}`, /algorithm|invalid/],
      ['without exp', () => signed((j) => j).then((t) => `Bearer ${t}`), /exp/],
      ['without role', () => new SignJWT({ node: 'vn-hue' }).setProtectedHeader({ alg: 'EdDSA' }).setSubject('x').setExpirationTime('1h').sign(key).then((t) => `Bearer ${t}`), /role/],
      ['with an unknown role', () => new SignJWT({ node: 'vn-hue', role: 'mayor' }).setProtectedHeader({ alg: 'EdDSA' }).setSubject('x').setExpirationTime('1h').sign(key).then((t) => `Bearer ${t}`), /role/],
      ['not a bearer token', async () => 'Basic b2ZmaWNlcjpwYXNz', /Bearer/],
    ];
    it.each(cases)('given a token %s, when drafting or reading, then 401 naming why', async (_name, make, why) => {
      const before = await head();
      const auth = await make();
      const write = await call('POST', '/v1/agreements', auth, draft);
      expect(write.status).toBe(401);
      expect(write.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(String(write.body.detail)).toMatch(why);
      expect((await call('GET', '/v1/agreements', auth)).status).toBe(401);
      expect(await head()).toBe(before);
    });
  });

  describe('limits', () => {
    it('given one token sending commands fast, then it gets 429 with Retry-After while another token is served', async () => {
      const burst = `Bearer ${await mintToken({ role: 'officer', node: 'vn-hue', sub: 'script@vn-hue' }, key)}`;
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 102; i++) {
        const res = await call('POST', '/v1/agreements', burst, draft);
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect((await call('POST', '/v1/agreements', await as('officer', 'vn-hue'), draft)).status).toBe(201);
    });

    it('sends security headers and keeps CORS closed', async () => {
      const res = await fetch(`${hub.url}/health/live`, { headers: { origin: 'https://evil.example' } });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
