import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startAgreementsTestApp, type AgreementsTestApp } from '../testing/agreements-test-app.js';
import { HUE_KOICA_DRAFT } from '../testing/fixtures.js';
import { expectProblem } from '../testing/problems.js';
import { pgliteStorage } from '../testing/storage.js';

describe('write API: bad input is refused with a problem naming the field, and nothing is recorded', () => {
  let hub: AgreementsTestApp;
  let api: ReturnType<typeof request>;
  let id: string;

  const revisionOf = async (agreementId: string): Promise<number> =>
    (await api.get(`/v1/agreements/${agreementId}/history`).expect(200)).body.events.length - 1;
  const headPosition = () => hub.store.headPosition();

  beforeAll(async () => {
    hub = await startAgreementsTestApp({ storage: await pgliteStorage() });
    api = request(hub.server as never);
    id = (await api.post('/v1/agreements').send(HUE_KOICA_DRAFT).expect(201)).body.agreementId;
  });
  afterAll(() => hub.close());

  it('refuses malformed JSON with 400', async () => {
    const response = await api
      .post(`/v1/agreements/${id}/funding`)
      .set('Content-Type', 'application/json')
      .send('{"amount": "13000000", "currency": ');
    expectProblem(response, 400, 'MALFORMED_JSON', ['body']);
    expect(await revisionOf(id)).toBe(0);
  });

  it('refuses a body that is not a JSON object', async () => {
    expectProblem(await api.post(`/v1/agreements/${id}/propose`).send([1, 2]), 400, 'INVALID_REQUEST', [
      'body',
    ]);
    expect(await revisionOf(id)).toBe(0);
  });

  it('names every bad field of a draft, nested ones with their path', async () => {
    const before = await headPosition();
    const response = await api.post('/v1/agreements').send({
      ...HUE_KOICA_DRAFT,
      title: 12,
      kind: 'GIFT',
      colour: 'blue',
      parties: [
        HUE_KOICA_DRAFT.parties[0],
        { ...HUE_KOICA_DRAFT.parties[1], country: 'ZZ', website: 'koica.go.kr' },
      ],
      startDate: '2021-13-01',
      titleTranslations: { vi: 'Thành phố văn hoá', de: 'Stadt' },
    });
    expectProblem(response, 400, 'INVALID_REQUEST', [
      'title',
      'kind',
      'colour',
      'parties[1].country',
      'parties[1].website',
      'startDate',
      'titleTranslations.de',
    ]);
    expect(await headPosition()).toBe(before);
  });

  it.each([
    ['an exponent', '1e6'],
    ['a sign', '-5'],
    ['a trailing dot', '12.'],
    ['a number instead of a string', 12],
    ['words', 'thirteen million'],
  ])('refuses an amount with %s', async (_case, amount) => {
    const response = await api
      .post(`/v1/agreements/${id}/funding`)
      .send({ amount, currency: 'USD', donor: 'org-koica' });
    expectProblem(response, 400, 'INVALID_REQUEST', ['amount']);
    expect(await revisionOf(id)).toBe(0);
  });

  it('refuses a zero amount in the domain, naming the request field', async () => {
    const response = await api
      .post(`/v1/agreements/${id}/funding`)
      .send({ amount: '0', currency: 'USD', donor: 'org-koica' });
    expectProblem(response, 400, 'INVALID_VALUE', ['amount']);
    expect(await revisionOf(id)).toBe(0);
  });

  it('refuses invalid currency and country codes', async () => {
    expectProblem(
      await api
        .post(`/v1/agreements/${id}/funding`)
        .send({ amount: '10', currency: 'XYZ', donor: 'org-koica' }),
      400,
      'INVALID_REQUEST',
      ['currency'],
    );
    expectProblem(
      await api
        .post(`/v1/agreements/${id}/parties`)
        .send({ nodeId: 'fr-nevers', name: 'Nevers', role: 'CITY', country: 'France' }),
      400,
      'INVALID_REQUEST',
      ['country'],
    );
    expect(await revisionOf(id)).toBe(0);
  });

  it('refuses dates out of order, naming endDate', async () => {
    const before = await headPosition();
    const response = await api
      .post('/v1/agreements')
      .send({ ...HUE_KOICA_DRAFT, startDate: '2025-12-31', endDate: '2021-01-01' });
    expectProblem(response, 400, 'DATES_OUT_OF_ORDER', ['endDate']);
    expect(await headPosition()).toBe(before);
  });

  it('refuses dates that do not exist', async () => {
    const response = await api.post(`/v1/agreements/${id}/renew`).send({ newEndDate: '2026-02-30' });
    expectProblem(response, 400, 'INVALID_REQUEST', ['newEndDate']);
  });

  it('refuses a malformed agreement id in the path, naming it', async () => {
    expectProblem(await api.post('/v1/agreements/not-a-uuid/propose').send({}), 400, 'INVALID_REQUEST', [
      'agreementId',
    ]);
    expectProblem(await api.get('/v1/agreements/not-a-uuid'), 400, 'INVALID_REQUEST', ['agreementId']);
  });

  it('answers 404 for an unknown agreement and an unknown route', async () => {
    const unknown = '0190e0c4-1111-7000-8000-000000000000';
    expectProblem(await api.get(`/v1/agreements/${unknown}`), 404, 'NOT_FOUND');
    expectProblem(await api.get(`/v1/agreements/${unknown}/history`), 404, 'NOT_FOUND');
    expectProblem(await api.post(`/v1/agreements/${unknown}/propose`).send({}), 404, 'NOT_FOUND');
    expectProblem(await api.post(`/v1/agreements/${id}/celebrate`).send({}), 404, 'NOT_FOUND');
    expectProblem(await api.get('/v2/nothing'), 404, 'NOT_FOUND');
  });

  it('answers 422 with the domain reason for an illegal transition', async () => {
    const response = await api.post(`/v1/agreements/${id}/activate`).send({});
    expectProblem(response, 422, 'ILLEGAL_TRANSITION');
    expect(response.body.detail).toMatch(/DRAFT/);
    expect(await revisionOf(id)).toBe(0);
  });

  it('answers 413 problem+json for a body over 1 MiB', async () => {
    const response = await api.post(`/v1/agreements/${id}/notes`).send({ text: 'x'.repeat(1024 * 1024 + 1) });
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(await revisionOf(id)).toBe(0);
  });

  it('refuses a malformed If-Match and a stale one, giving the current revision', async () => {
    expectProblem(
      await api.post(`/v1/agreements/${id}/notes`).set('If-Match', 'yesterday').send({ text: 'hi' }),
      400,
      'INVALID_REQUEST',
      ['If-Match'],
    );
    const stale = await api.post(`/v1/agreements/${id}/notes`).set('If-Match', '"5"').send({ text: 'hi' });
    expectProblem(stale, 409, 'WRONG_EXPECTED_REVISION');
    expect(stale.body.currentRevision).toBe(0);
    expect(await revisionOf(id)).toBe(0);
    await api.post(`/v1/agreements/${id}/notes`).set('If-Match', '"0"').send({ text: 'hi' }).expect(200);
    expect(await revisionOf(id)).toBe(1);
  });

  it('keeps serving after all of that', async () => {
    const response = await api.get(`/v1/agreements/${id}`).expect(200);
    expect(response.body.status).toBe('DRAFT');
    await api.post('/v1/agreements').send(HUE_KOICA_DRAFT).expect(201);
  });
});
