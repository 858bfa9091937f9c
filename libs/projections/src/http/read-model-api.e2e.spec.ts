import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { pgliteStorage } from '../../../agreements/src/testing/storage.js';
import type { TestStorage } from '../../../agreements/src/testing/agreements-test-app.js';
import {
  appendAgreement,
  appendTo,
  CAN_THO,
  DA_NANG_NEVERS,
  disbursed,
  funding,
  HUE_KOICA,
} from '../testing/agreement-events.js';
import { startProjectionsTestApp, type ProjectionsTestApp } from '../testing/projections-test-app.js';

const PARTNER_NEVERS = 'partner@fr-nevers';

describe('read-model API over real HTTP (PGlite)', () => {
  let storage: TestStorage;
  let app: ProjectionsTestApp;
  let hue: string;
  let daNang: string;
  let lastPosition: bigint;

  beforeAll(async () => {
    storage = await pgliteStorage('vn-hue');
    app = await startProjectionsTestApp(storage);
    hue = (
      await appendAgreement(
        storage.store,
        HUE_KOICA,
        [
          funding('org-koica', '13000000', 'USD'),
          disbursed('org-koica', '2500000.50', 'USD'),
          { type: 'AgreementProposed', data: {} },
        ],
        { occurredAt: '2021-01-05T00:00:00.000Z' },
      )
    ).agreementId;
    await appendAgreement(storage.store, CAN_THO, [funding('vn-mof', '1011800000000', 'VND')]);
    const drafted = await appendAgreement(storage.store, DA_NANG_NEVERS);
    daNang = drafted.agreementId;
    lastPosition = drafted.result.position;
  });
  afterAll(async () => {
    await app?.close();
    await storage?.store.close();
    await storage?.sql.close();
  });

  const api = () => request(app.server as Parameters<typeof request>[0]);

  it('given ?minPosition of the last write, then the list answers with it applied, filtered and searched', async () => {
    const all = await api().get(`/v1/agreements?minPosition=${lastPosition}`).expect(200);
    expect(all.body.items).toHaveLength(3);
    const found = await api()
      .get('/v1/agreements')
      .query({ q: 'da nang', minPosition: String(lastPosition) })
      .expect(200);
    expect(found.body.items.map((i: { agreementId: string }) => i.agreementId)).toEqual([daNang]);
    const proposed = await api().get('/v1/agreements?status=PROPOSED').expect(200);
    expect(proposed.body.items).toMatchObject([
      { agreementId: hue, status: 'PROPOSED', funding: [{ committed: '13000000', disbursed: '2500000.50' }] },
    ]);
    expect((await api().get('/v1/agreements?party=fr-nevers').expect(200)).body.items).toHaveLength(1);
    expect((await api().get('/v1/agreements?theme=tourism').expect(200)).body.items).toHaveLength(1);
    const programme = await api()
      .get('/v1/agreements')
      .query({ programme: 'Vietnam–France decentralised cooperation' })
      .expect(200);
    expect(programme.body.items).toHaveLength(1);
  });

  it('given a position written but not yet applied, then the query answers 503 problem+json with Retry-After', async () => {
    const runner = app.host.runner('partnership-status');
    await runner.stop();
    try {
      const written = (await appendAgreement(storage.store, CAN_THO)).result.position;
      const response = await api().get(`/v1/agreements?minPosition=${written}`).expect(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.code).toBe('PROJECTION_BEHIND');
    } finally {
      await runner.start();
    }
  });

  it('given a position past the log, then the query answers 400 at once naming minPosition', async () => {
    const head = await storage.store.headPosition();
    const response = await api()
      .get(`/v1/agreements?minPosition=${head + 1000n}`)
      .expect(400);
    expect(response.body.errors[0].field).toBe('minPosition');
  });

  it('given bad query parameters, then 400 problem+json names each field', async () => {
    const response = await api()
      .get('/v1/agreements?status=SIGNED_OFF&limit=0&sort=size&minPosition=-1')
      .expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'limit',
      'minPosition',
      'sort',
      'status',
    ]);
    expect((await api().get('/v1/agreements?cursor=nonsense').expect(400)).body.errors[0].field).toBe(
      'cursor',
    );
    expect((await api().get('/v1/portfolio/vn-hue?asOf=yesterday').expect(400)).body.errors[0].field).toBe(
      'asOf',
    );
    expect((await api().get('/v1/portfolio/NOT%20A%20NODE').expect(400)).body.errors[0].field).toBe('nodeId');
  });

  it('given a partner of fr-nevers, then every read shows only agreements its node is party to', async () => {
    const as = (path: string) => api().get(path).set('x-test-actor', PARTNER_NEVERS).expect(200);
    expect(
      (await as('/v1/agreements')).body.items.map((i: { agreementId: string }) => i.agreementId),
    ).toEqual([daNang]);
    expect((await as('/v1/agreements?q=hue')).body.items).toEqual([]);
    expect((await as('/v1/portfolio/vn-hue')).body.agreements).toBe(0);
    expect((await as('/v1/donors/org-koica/portfolio')).body.funding).toEqual([]);
    expect(
      (await as('/v1/programmes')).body.programmes.map((p: { programme: string }) => p.programme),
    ).toEqual(['Vietnam–France decentralised cooperation']);
    const feed = (await as('/v1/activity')).body.items;
    expect(feed.length).toBeGreaterThan(0);
    expect(feed.every((i: { agreementId: string }) => i.agreementId === daNang)).toBe(true);
  });

  it('given funding in several currencies, then node and donor portfolios sum exactly per currency', async () => {
    const portfolio = (await api().get(`/v1/portfolio/vn-hue?minPosition=${lastPosition}`).expect(200)).body;
    expect(portfolio).toMatchObject({ nodeId: 'vn-hue', agreements: 1, byStatus: { PROPOSED: 1 } });
    expect(portfolio.funding).toEqual([{ currency: 'USD', committed: '13000000', disbursed: '2500000.50' }]);
    const donor = (await api().get('/v1/donors/vn-mof/portfolio').expect(200)).body;
    expect(donor.funding).toEqual([{ currency: 'VND', committed: '1011800000000', disbursed: '0' }]);
    const programmes = (await api().get('/v1/programmes').expect(200)).body.programmes;
    expect(programmes).toHaveLength(3);
  });

  it('given ?asOf, then the portfolio answers in the live shape with only what was recorded by then', async () => {
    const live = (await api().get('/v1/portfolio/vn-hue').expect(200)).body;
    const asOfDraft = (await api().get('/v1/portfolio/vn-hue?asOf=1').expect(200)).body;
    expect(Object.keys(asOfDraft).sort()).toEqual([...Object.keys(live), 'asOf'].sort());
    expect(asOfDraft).toMatchObject({ agreements: 1, byStatus: { DRAFT: 1, PROPOSED: 0 }, funding: [] });
    const before = (await api().get('/v1/portfolio/vn-hue?asOf=2000-01-01T00:00:00Z').expect(200)).body;
    expect(before.agreements).toBe(0);
  });

  it('given an event no projection-status can read, then /health/ready names it and /metrics shows lag', async () => {
    const metrics = await api().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/ketnoi_projection_lag_events\{projection="partnership-status"\} 0/);
    expect(metrics.text).toMatch(/ketnoi_projection_lag_milliseconds\{projection="activity"\}/);
    await api().get('/health/ready').expect(200);

    const poison = await appendTo(storage.store, hue, [{ type: 'AgreementTeleported', data: {} }]);
    expect(await app.host.runner('activity').waitFor(poison.position, 5000)).toBe(true);
    let ready = await api().get('/health/ready');
    for (let i = 0; i < 50 && ready.status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = await api().get('/health/ready');
    }
    expect(ready.status).toBe(503);
    expect(ready.body.reason).toContain(
      `partnership-status stopped at position ${poison.position}, event ${poison.events[0]!.eventId}`,
    );
    expect((await api().get('/metrics')).text).toMatch(
      /ketnoi_projection_stopped\{projection="partnership-status"\} 1/,
    );
  });
});
