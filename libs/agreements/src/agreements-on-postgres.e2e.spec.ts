import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startAgreementsTestApp, type AgreementsTestApp } from './testing/agreements-test-app.js';
import { HUE_KOICA_DRAFT } from './testing/fixtures.js';
import { expectProblem } from './testing/problems.js';
import { postgresStorage } from './testing/storage.js';

describe('write API on the PostgreSQL server (its own schema)', () => {
  let hub: AgreementsTestApp;
  let dropSchema: () => Promise<void>;
  let api: ReturnType<typeof request>;

  beforeAll(async () => {
    const storage = await postgresStorage('vn-hue');
    dropSchema = storage.dropSchema;
    hub = await startAgreementsTestApp({ storage, nodeId: 'vn-hue' });
    api = request(hub.server as never);
  });
  afterAll(async () => {
    await dropSchema?.();
    await hub?.close();
  });

  it('records the KOICA grant from draft to termination', async () => {
    const { body: drafted } = await api.post('/v1/agreements').send(HUE_KOICA_DRAFT).expect(201);
    const id = drafted.agreementId;
    await api
      .post(`/v1/agreements/${id}/funding`)
      .send({ amount: '13000000', currency: 'USD', donor: 'org-koica' })
      .expect(200);
    await api.post(`/v1/agreements/${id}/propose`).send({}).expect(200);
    await api.post(`/v1/agreements/${id}/countersign`).send({ party: 'vn-hue' }).expect(200);
    await api.post(`/v1/agreements/${id}/countersign`).send({ party: 'org-koica' }).expect(200);
    await api.post(`/v1/agreements/${id}/activate`).send({}).expect(200);
    await api
      .post(`/v1/agreements/${id}/disbursements`)
      .send({ amount: '2500000.50', currency: 'USD', donor: 'org-koica' })
      .expect(200);
    const terminated = await api
      .post(`/v1/agreements/${id}/terminate`)
      .send({ reason: 'Closed early' })
      .expect(200);
    expect(terminated.body).toEqual({
      agreementId: id,
      revision: 8,
      position: expect.stringMatching(/^\d+$/),
    });
    const { body } = await api.get(`/v1/agreements/${id}`).expect(200);
    expect(body).toMatchObject({
      status: 'TERMINATED',
      revision: 8,
      funding: [{ donor: 'org-koica', currency: 'USD', committed: '13000000', disbursed: '2500000.50' }],
    });
  });

  it('lets exactly one of 16 concurrent clients with the same If-Match win', async () => {
    const { body: drafted } = await api.post('/v1/agreements').send(HUE_KOICA_DRAFT).expect(201);
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        api
          .post(`/v1/agreements/${drafted.agreementId}/notes`)
          .set('If-Match', '"0"')
          .send({ text: `client ${i}` }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(15).fill(409)]);
    for (const conflict of responses.filter((r) => r.status === 409))
      expectProblem(conflict, 409, 'WRONG_EXPECTED_REVISION');
    const history = await api.get(`/v1/agreements/${drafted.agreementId}/history`).expect(200);
    expect(history.body.events).toHaveLength(2);
  });

  it('executes a command once for concurrent requests with the same Idempotency-Key', async () => {
    const { body: drafted } = await api.post('/v1/agreements').send(HUE_KOICA_DRAFT).expect(201);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api
          .post(`/v1/agreements/${drafted.agreementId}/notes`)
          .set('Idempotency-Key', 'pg-once')
          .send({ text: 'once' }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    for (const r of responses.filter((r) => r.status !== 200))
      expectProblem(r, 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
    const history = await api.get(`/v1/agreements/${drafted.agreementId}/history`).expect(200);
    expect(history.body.events).toHaveLength(2);
  });
});
