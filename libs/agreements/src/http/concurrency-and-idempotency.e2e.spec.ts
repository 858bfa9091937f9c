import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startAgreementsTestApp, type AgreementsTestApp } from '../testing/agreements-test-app.js';
import { HUE_KOICA_DRAFT } from '../testing/fixtures.js';
import { expectProblem } from '../testing/problems.js';
import { pgliteStorage } from '../testing/storage.js';

describe('write API: concurrent writers and retried commands', () => {
  let hub: AgreementsTestApp;
  let api: ReturnType<typeof request>;
  const draft = async (body: object = HUE_KOICA_DRAFT): Promise<string> =>
    (await api.post('/v1/agreements').send(body).expect(201)).body.agreementId;
  const history = async (id: string) =>
    (await api.get(`/v1/agreements/${id}/history`).expect(200)).body.events;

  beforeAll(async () => {
    hub = await startAgreementsTestApp({ storage: await pgliteStorage() });
    api = request(hub.server as never);
  });
  afterAll(() => hub.close());

  it('lets exactly one of 16 concurrent clients with the same If-Match win; the others get 409', async () => {
    const id = await draft();
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        api
          .post(`/v1/agreements/${id}/notes`)
          .set('If-Match', '"0"')
          .send({ text: `client ${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(15).fill(409)]);
    for (const conflict of responses.filter((r) => r.status === 409)) {
      expectProblem(conflict, 409, 'WRONG_EXPECTED_REVISION');
      expect(conflict.body.currentRevision).toBeGreaterThanOrEqual(0);
    }
    const events = await history(id);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['AgreementDrafted', 'NoteRecorded']);
  });

  it('never loses an update among concurrent writers without If-Match', async () => {
    const id = await draft();
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.post(`/v1/agreements/${id}/notes`).send({ text: `note ${i}` })),
    );
    const accepted = responses.filter((r) => r.status === 200).length;
    for (const r of responses.filter((r) => r.status !== 200))
      expectProblem(r, 409, 'WRONG_EXPECTED_REVISION');
    expect(await history(id)).toHaveLength(1 + accepted);
  });

  it('replays the first response to a retried command with the same Idempotency-Key, recording nothing', async () => {
    const id = await draft();
    const send = () =>
      api
        .post(`/v1/agreements/${id}/funding`)
        .set('Idempotency-Key', `fund-${id}`)
        .send({ amount: '13000000', currency: 'USD', donor: 'org-koica' });
    const first = await send().expect(200);
    const retry = await send().expect(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await history(id)).toHaveLength(2);
  });

  it('replays a draft (201, Location, ETag) and creates one agreement only', async () => {
    const before = await hub.store.headPosition();
    const send = () =>
      api
        .post('/v1/agreements')
        .set('Idempotency-Key', 'draft-can-tho-1')
        .send({ ...HUE_KOICA_DRAFT, title: 'Huế smart digital urban model' });
    const first = await send().expect(201);
    const retry = await send().expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers.etag).toBe('"0"');
    expect(await hub.store.headPosition()).toBe(before + 1n);
  });

  it('ignores key order and spacing of the body when matching a retry', async () => {
    const id = await draft();
    await api
      .post(`/v1/agreements/${id}/notes`)
      .set('Idempotency-Key', 'note-order')
      .set('Content-Type', 'application/json')
      .send('{"noteId":"0190e0c4-2222-7000-8000-000000000001","text":"hello"}')
      .expect(200);
    await api
      .post(`/v1/agreements/${id}/notes`)
      .set('Idempotency-Key', 'note-order')
      .set('Content-Type', 'application/json')
      .send('{ "text": "hello",  "noteId": "0190e0c4-2222-7000-8000-000000000001" }')
      .expect(200);
    expect(await history(id)).toHaveLength(2);
  });

  it('refuses the same key for a different request with 422 naming Idempotency-Key', async () => {
    const id = await draft();
    await api
      .post(`/v1/agreements/${id}/notes`)
      .set('Idempotency-Key', 'reused')
      .send({ text: 'one' })
      .expect(200);
    const other = await api
      .post(`/v1/agreements/${id}/notes`)
      .set('Idempotency-Key', 'reused')
      .send({ text: 'two' });
    expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED', ['Idempotency-Key']);
    expect(await history(id)).toHaveLength(2);
  });

  it('frees the key of a refused command so that a corrected retry runs', async () => {
    const id = await draft();
    const refused = await api
      .post(`/v1/agreements/${id}/activate`)
      .set('Idempotency-Key', 'activate-early')
      .send({});
    expectProblem(refused, 422, 'ILLEGAL_TRANSITION');
    const again = await api
      .post(`/v1/agreements/${id}/activate`)
      .set('Idempotency-Key', 'activate-early')
      .send({});
    expectProblem(again, 422, 'ILLEGAL_TRANSITION');
    expect(await history(id)).toHaveLength(1);
  });

  it('executes two concurrent requests with the same key once: the other replays or is told it is in progress', async () => {
    const id = await draft();
    await api.post(`/v1/agreements/${id}/notes`).send({ text: 'warm up' }).expect(200);
    const note = () =>
      api
        .post(`/v1/agreements/${id}/notes`)
        .set('Idempotency-Key', `concurrent-note-${id}`)
        .send({ text: 'once' });
    const responses = await Promise.all(Array.from({ length: 6 }, note));
    const ok = responses.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    for (const r of responses.filter((r) => r.status !== 200))
      expectProblem(r, 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
    const notes = (await history(id)).filter((e: { type: string }) => e.type === 'NoteRecorded');
    expect(notes).toHaveLength(2);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const id = await draft();
    const response = await api
      .post(`/v1/agreements/${id}/notes`)
      .set('Idempotency-Key', 'é'.repeat(3))
      .send({ text: 'x' });
    expectProblem(response, 400, 'INVALID_REQUEST', ['Idempotency-Key']);
  });
});
