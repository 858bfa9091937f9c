import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postgresStorage } from '../../../agreements/src/testing/storage.js';
import type { TestStorage } from '../../../agreements/src/testing/agreements-test-app.js';
import { activityProjection } from '../activity/activity.projection.js';
import { partnershipStatusProjection } from '../partnership-status/partnership-status.projection.js';
import { listAgreements } from '../queries/list-agreements.js';
import {
  appendAgreement,
  appendTo,
  CAN_THO,
  DA_NANG_NEVERS,
  funding,
  HUE_KOICA,
} from '../testing/agreement-events.js';
import { createPgSqlClient } from '@ketnoi/event-store';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { ensureProjectionTables, ProjectionRunner } from './projection-runner.js';
import { rebuildProjection } from './rebuild.js';

describe('projection engine on the PostgreSQL server', () => {
  let storage: TestStorage & { dropSchema(): Promise<void> };
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    storage = await postgresStorage('vn-hue');
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await storage?.dropSchema();
    await storage?.store.close();
    await storage?.sql.close();
  });

  it('given concurrent writers and two runners per projection on a pool, then every event is applied once; search, rebuild and verify agree', async () => {
    for (const projection of [
      partnershipStatusProjection,
      partnershipStatusProjection,
      activityProjection,
      activityProjection,
    ]) {
      const runner = new ProjectionRunner(storage.sql, storage.store, projection, {
        pollMs: 10,
        batchSize: 4,
        log: () => undefined,
      });
      runners.push(runner);
      await runner.start();
    }
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 5; i++) {
          const terms = [HUE_KOICA, CAN_THO, DA_NANG_NEVERS][(w + i) % 3]!;
          const { agreementId } = await appendAgreement(storage.store, {
            ...terms,
            title: `${terms.title} #${w}.${i}`,
          });
          await appendTo(storage.store, agreementId, [
            funding('org-koica', '0.10', 'USD'),
            funding('org-koica', '0.20', 'USD'),
          ]);
        }
      }),
    );
    const head = await storage.store.headPosition();
    for (const r of runners) expect(await r.waitFor(head, 10_000)).toBe(true);

    const feed = await storage.sql.query<{ n: bigint; d: bigint }>(
      'select count(*) as n, count(distinct event_id) as d from rm_activity',
    );
    expect(feed.rows[0]).toEqual({ n: head, d: head });
    const sums = await storage.sql.query<{ committed: string }>(
      'select committed::text as committed from rm_partnership_funding',
    );
    expect(sums.rows).toHaveLength(20);
    for (const r of sums.rows) expect(r.committed).toBe('0.30');

    const search = await listAgreements(storage.sql, { q: 'Da Nang', limit: 200 }, { kind: 'all' });
    expect(search.items.length).toBeGreaterThan(0);
    expect(search.items.every((i) => i.title.startsWith('Đà Nẵng'))).toBe(true);

    for (const projection of [partnershipStatusProjection, activityProjection]) {
      expect(
        (await rebuildProjection(storage.sql, storage.store, projection, { verify: true })).difference,
      ).toBeUndefined();
      expect((await rebuildProjection(storage.sql, storage.store, projection)).swapped).toBe(true);
    }
    await storage.sql.query(`update rm_activity set summary = 'tampered' where position = 3`);
    const verify = await rebuildProjection(storage.sql, storage.store, activityProjection, { verify: true });
    expect(verify.difference).toMatchObject({ table: 'rm_activity', key: '[3]' });
  });

  it('given processes starting together on a fresh schema, when each creates the read-model tables, then all start', async () => {
    const schema = uniqueSchemaName('rm_start');
    const clients = await Promise.all(
      Array.from({ length: 4 }, () =>
        createPgSqlClient({ connectionString: testDatabaseUrl(), schema, max: 1 }),
      ),
    );
    try {
      await Promise.all(
        clients.flatMap((db) => [
          ensureProjectionTables(db, partnershipStatusProjection),
          ensureProjectionTables(db, activityProjection),
        ]),
      );
      const { rows } = await clients[0]!.query<{ name: string }>(
        'select name from projection_checkpoints order by name',
      );
      expect(rows.map((r) => r.name)).toEqual(
        [activityProjection.name, partnershipStatusProjection.name].sort(),
      );
    } finally {
      await clients[0]!.exec(`drop schema if exists ${schema} cascade`);
      await Promise.all(clients.map((db) => db.close()));
    }
  });
});
