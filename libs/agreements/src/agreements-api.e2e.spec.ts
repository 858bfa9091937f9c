import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startAgreementsTestApp, type AgreementsTestApp } from './testing/agreements-test-app.js';
import { HUE_KOICA_DRAFT } from './testing/fixtures.js';
import { pgliteStorage } from './testing/storage.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const POSITION = /^[1-9]\d*$/;

describe('write API: the contract examples of docs/design.md', () => {
  let hub: AgreementsTestApp;
  beforeAll(async () => {
    hub = await startAgreementsTestApp({ storage: await pgliteStorage('vn-hue'), nodeId: 'vn-hue' });
  });
  afterAll(() => hub.close());

  it('drafts, funds, proposes, countersigns, activates and terminates the KOICA Huế grant', async () => {
    const api = request(hub.server as never);

    const draft = await api.post('/v1/agreements').send(HUE_KOICA_DRAFT).expect(201);
    expect(draft.body).toEqual({
      agreementId: expect.stringMatching(UUID),
      revision: 0,
      position: expect.stringMatching(POSITION),
    });
    expect(Object.keys(draft.body)).toEqual(['agreementId', 'revision', 'position']);
    expect(draft.headers.etag).toBe('"0"');
    const id: string = draft.body.agreementId;
    expect(draft.headers.location).toBe(`/v1/agreements/${id}`);

    // Disbursing needs an agreement in force: the domain refuses it before activation.
    const steps: [string, object, number][] = [
      ['funding', { amount: '13000000', currency: 'USD', donor: 'org-koica' }, 1],
      ['propose', {}, 2],
      ['countersign', { party: 'vn-hue' }, 3],
      // The last countersignature also records AgreementSigned: two events, the revision moves by two.
      ['countersign', { party: 'org-koica' }, 5],
      ['activate', {}, 6],
      ['disbursements', { amount: '2500000.50', currency: 'USD', donor: 'org-koica' }, 7],
    ];
    for (const [command, body, revision] of steps) {
      const response = await api.post(`/v1/agreements/${id}/${command}`).send(body);
      expect([command, response.status]).toEqual([command, 200]);
      expect(response.body).toEqual({ agreementId: id, revision, position: expect.stringMatching(POSITION) });
      expect(response.headers.etag).toBe(`"${revision}"`);
    }

    const active = await api.get(`/v1/agreements/${id}`).expect(200);
    expect(active.headers.etag).toBe('"7"');
    expect(active.body).toMatchObject({
      agreementId: id,
      title: 'Huế smart culture and tourism city',
      kind: 'GRANT',
      status: 'ACTIVE',
      revision: 7,
      programme: 'KOICA Vietnam country programme',
      themes: ['smart-city', 'tourism'],
      homeNode: 'vn-hue',
      startDate: '2021-01-01',
      endDate: '2025-12-31',
      funding: [{ donor: 'org-koica', currency: 'USD', committed: '13000000', disbursed: '2500000.50' }],
    });
    expect(active.body.parties).toEqual([
      expect.objectContaining({ ...HUE_KOICA_DRAFT.parties[0], countersigned: true }),
      expect.objectContaining({ ...HUE_KOICA_DRAFT.parties[1], countersigned: true }),
    ]);

    const terminated = await api
      .post(`/v1/agreements/${id}/terminate`)
      .send({ reason: 'Project closed early by mutual agreement' })
      .expect(200);
    expect(terminated.body.revision).toBe(8);
    expect((await api.get(`/v1/agreements/${id}`).expect(200)).body.status).toBe('TERMINATED');
  });

  it('returns the recorded events with their full envelope and positions as strings', async () => {
    const api = request(hub.server as never);
    const { body: drafted } = await api
      .post('/v1/agreements')
      .set('X-Correlation-Id', 'demo-1')
      .send(HUE_KOICA_DRAFT)
      .expect(201);
    await api.post(`/v1/agreements/${drafted.agreementId}/propose`).send({}).expect(200);

    const history = await api.get(`/v1/agreements/${drafted.agreementId}/history`).expect(200);
    expect(history.headers.etag).toBe('"1"');
    expect(history.body.agreementId).toBe(drafted.agreementId);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'AgreementDrafted',
      'AgreementProposed',
    ]);
    const [first] = history.body.events;
    expect(first).toMatchObject({
      eventId: expect.stringMatching(UUID),
      streamId: `agreement-${drafted.agreementId}`,
      revision: 0,
      globalPosition: drafted.position,
      schemaVersion: 1,
      data: { agreementId: drafted.agreementId, homeNode: 'vn-hue', title: HUE_KOICA_DRAFT.title },
      metadata: {
        actor: 'admin@vn-hue',
        actorNode: 'vn-hue',
        originNode: 'vn-hue',
        originRevision: 0,
        correlationId: 'demo-1',
        causationId: expect.stringMatching(UUID),
        occurredAt: expect.any(String),
        recordedAt: expect.any(String),
        prevHash: '0'.repeat(64),
        hash: expect.any(String),
      },
    });
    expect(history.body.events[1].metadata.correlationId).not.toBe('demo-1');
  });

  it('serves OpenAPI at /docs and its JSON at /docs-json', async () => {
    const api = request(hub.server as never);
    const json = await api.get('/docs-json').expect(200);
    expect(json.body.paths['/v1/agreements'].post.operationId).toBe('draft');
    expect(json.body.paths['/v1/agreements/{agreementId}/funding'].post.operationId).toBe('commitFunding');
    const withdraw = json.body.paths['/v1/agreements/{agreementId}/parties/{nodeId}/withdraw'].post;
    expect(
      withdraw.parameters
        .filter((p: { in: string }) => p.in === 'path')
        .map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['agreementId', 'nodeId']);
    expect(json.body.components.schemas.DraftAgreementBody.required).toEqual(['title', 'kind', 'parties']);
    expect(json.body.paths['/v1/agreements/{agreementId}/history'].get).toBeDefined();
    await api.get('/docs').expect(200).expect('Content-Type', /html/);
  });
});
