import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { HUE_KOICA_DRAFT } from '../../testing/fixtures.js';
import { startAgreementsTestApp, type AgreementsTestApp } from '../../testing/agreements-test-app.js';
import { pgliteStorage } from '../../testing/storage.js';

describe('GET /v1/agreements/{id}: live and as of a past point, same shape', () => {
  let app: AgreementsTestApp;
  beforeAll(async () => {
    app = await startAgreementsTestApp({ storage: await pgliteStorage('vn-hue') });
  });
  afterAll(async () => app?.close());
  const api = () => request(app.server as Parameters<typeof request>[0]);

  it('given funding after the draft, when read as of the draft position or time, then the funding is not there yet', async () => {
    const drafted = await api().post('/v1/agreements').send(HUE_KOICA_DRAFT).expect(201);
    const id = drafted.body.agreementId as string;
    const draftPosition = drafted.body.position as string;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api()
      .post(`/v1/agreements/${id}/funding`)
      .send({ amount: '13000000', currency: 'USD', donor: 'org-koica' })
      .expect(200);

    const live = (await api().get(`/v1/agreements/${id}`).expect(200)).body;
    expect(live).toMatchObject({
      revision: 1,
      funding: [{ committed: '13000000' }],
      lastEvent: { type: 'FundingCommitted' },
    });

    for (const asOf of [draftPosition, between]) {
      const past = await api().get(`/v1/agreements/${id}`).query({ asOf }).expect(200);
      expect(past.headers.etag).toBe('"0"');
      expect(past.body).toMatchObject({ agreementId: id, revision: 0, funding: [], status: 'DRAFT', asOf });
      expect(Object.keys(past.body).sort()).toEqual([...Object.keys(live), 'asOf'].sort());
    }
    expect((await api().get(`/v1/agreements/${id}?asOf=2000-01-01`).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api().get(`/v1/agreements/${id}?asOf=soon`).expect(400)).body.errors[0].field).toBe('asOf');
  });
});
