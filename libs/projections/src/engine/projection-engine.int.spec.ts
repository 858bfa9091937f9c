import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import { rebuildProjection } from './rebuild.js';
import { loadCheckpoint } from './checkpoints.js';
import { pgliteStorage } from '../../../agreements/src/testing/storage.js';
import type { TestStorage } from '../../../agreements/src/testing/agreements-test-app.js';
import { activityProjection } from '../activity/activity.projection.js';
import { partnershipStatusProjection } from '../partnership-status/partnership-status.projection.js';
import { listAgreements } from '../queries/list-agreements.js';
import {
  appendAgreement,
  appendTo,
  CAN_THO,
  DA_NANG_NEVERS,
  disbursed,
  funding,
  HUE_KOICA,
} from '../testing/agreement-events.js';

const ALL = { kind: 'all' } as const;

describe('projection engine on PGlite', () => {
  let storage: TestStorage;
  let runners: ProjectionRunner[];
  const run = async (projection: Projection, batchSize = 500) => {
    const runner = new ProjectionRunner(storage.sql, storage.store, projection, {
      pollMs: 10,
      batchSize,
      retryMs: 20,
      log: () => undefined,
    });
    runners.push(runner);
    await runner.start();
    return runner;
  };
  const caughtUp = async (runner: ProjectionRunner) => {
    expect(await runner.waitFor(await storage.store.headPosition(), 5000)).toBe(true);
  };

  beforeEach(async () => {
    storage = await pgliteStorage('vn-hue');
    runners = [];
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await storage.store.close();
    await storage.sql.close();
  });

  it('given agreement events in the log, when projected, then one row per agreement holds every field, money exact', async () => {
    const { agreementId } = await appendAgreement(storage.store, HUE_KOICA, [
      funding('org-koica', '13000000', 'USD'),
      disbursed('org-koica', '2500000.50', 'USD'),
      funding('vn-mof', '1011800000000', 'VND'),
      { type: 'MilestonePlanned', data: { milestoneId: 'm1', title: 'Design', dueDate: '2022-01-01' } },
      { type: 'MilestonePlanned', data: { milestoneId: 'm2', title: 'Build', dueDate: '2023-01-01' } },
      {
        type: 'MilestoneReported',
        data: { milestoneId: 'm1', outcome: 'ACHIEVED', reportedBy: 'vn-hue', reportedOn: '2022-01-02' },
      },
      { type: 'AgreementProposed', data: {} },
      {
        type: 'AgreementCountersigned',
        data: { party: 'org-koica', signedBy: 'officer@vn-hue', onBehalf: true },
      },
    ]);
    const runner = await run(partnershipStatusProjection);
    await caughtUp(runner);

    const { rows } = await storage.sql.query<Record<string, unknown>>('select * from rm_partnership_status');
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      agreement_id: agreementId,
      home_node: 'vn-hue',
      title: 'Huế smart culture and tourism city',
      title_vi: 'Thành phố văn hóa và du lịch thông minh Huế',
      kind: 'GRANT',
      programme: 'KOICA Vietnam country programme',
      themes: ['smart-city', 'tourism'],
      party_nodes: ['org-koica', 'vn-hue'],
      countersigned: 1,
      status: 'PROPOSED',
      start_date: '2021-01-01',
      milestones_done: 1,
      milestones_total: 2,
      last_event_type: 'AgreementCountersigned',
      revision: 8,
    });
    expect(row.search).toContain('hue smart culture');
    const money = await storage.sql.query(
      'select donor, currency, committed::text as c, disbursed::text as d from rm_partnership_funding order by donor',
    );
    expect(money.rows).toEqual([
      { donor: 'org-koica', currency: 'USD', c: '13000000', d: '2500000.50' },
      { donor: 'vn-mof', currency: 'VND', c: '1011800000000', d: '0' },
    ]);
    expect(await loadCheckpoint(storage.sql, 'partnership-status')).toBe(await storage.store.headPosition());
  });

  it('given Vietnamese titles, when searching without accents, then Hue, Can Tho and Da Nang are found', async () => {
    await appendAgreement(storage.store, HUE_KOICA);
    await appendAgreement(storage.store, CAN_THO);
    await appendAgreement(storage.store, DA_NANG_NEVERS);
    await caughtUp(await run(partnershipStatusProjection));
    const titles = async (q: string) =>
      (await listAgreements(storage.sql, { q }, ALL)).items.map((i) => i.title);

    expect(await titles('Hue')).toEqual(['Huế smart culture and tourism city']);
    expect(await titles('Can Tho')).toEqual(['Cần Thơ smart city scheme 2021–2025']);
    expect(await titles('Da Nang')).toEqual(['Đà Nẵng – Nevers smart city and digitalisation']);
    expect(await titles('da nang')).toEqual(['Đà Nẵng – Nevers smart city and digitalisation']);
    expect(await titles('ĐÀ NẴNG')).toEqual(['Đà Nẵng – Nevers smart city and digitalisation']);
    expect(await titles('nevers smart')).toHaveLength(1);
    expect(await titles('100%_')).toEqual([]);
  });

  it('given 25 agreements, when paging by 10 in each sort, then every agreement comes exactly once in order', async () => {
    for (let i = 0; i < 25; i++) {
      await appendAgreement(storage.store, {
        ...HUE_KOICA,
        title: `Agreement ${String(i).padStart(2, '0')}`,
      });
    }
    await caughtUp(await run(partnershipStatusProjection));
    for (const sort of ['title', '-title', 'updated', '-updated', 'drafted', '-drafted'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listAgreements(
          storage.sql,
          { sort, limit: 10, ...(cursor ? { cursor } : {}) },
          ALL,
        );
        seen.push(...page.items.map((i) => i.title));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const expected = Array.from({ length: 25 }, (_, i) => `Agreement ${String(i).padStart(2, '0')}`);
      expect(seen).toEqual(sort.startsWith('-') ? expected.reverse() : expected);
    }
    const first = await listAgreements(storage.sql, { sort: 'title', limit: 10 }, ALL);
    await expect(
      listAgreements(storage.sql, { sort: '-title', cursor: first.nextCursor! }, ALL),
    ).rejects.toThrow(/cursor/);
  });

  it('given a handler that throws after writing rows, then neither its rows nor its checkpoint are committed', async () => {
    let failing = true;
    const flaky: Projection = {
      name: 'flaky',
      tables: [{ name: 'rm_flaky', columns: 'position bigint not null', primaryKey: ['position'] }],
      async apply(tx, events, tables) {
        for (const e of events)
          await tx.query(`insert into ${tables.rm_flaky} (position) values ($1)`, [
            e.globalPosition.toString(),
          ]);
        if (failing) throw new Error('disk full after writing');
        return [];
      },
    };
    await appendAgreement(storage.store, HUE_KOICA, [funding('org-koica', '1', 'USD')]);
    const runner = await run(flaky);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect((await storage.sql.query('select * from rm_flaky')).rows).toEqual([]);
    expect(await loadCheckpoint(storage.sql, 'flaky')).toBe(0n);
    expect(runner.current()).toMatchObject({ state: 'running', lastError: 'disk full after writing' });

    failing = false;
    await caughtUp(runner);
    expect((await storage.sql.query('select position from rm_flaky order by 1')).rows).toEqual([
      { position: 1n },
      { position: 2n },
    ]);
  });

  it('given an event partnership-status cannot read, then it stops at that event and the activity feed goes on', async () => {
    const { agreementId } = await appendAgreement(storage.store, HUE_KOICA);
    const poison = await appendTo(storage.store, agreementId, [
      { type: 'AgreementTeleported', data: { to: 'the moon' } },
    ]);
    await appendAgreement(storage.store, DA_NANG_NEVERS);
    const status = await run(partnershipStatusProjection, 1000);
    const activity = await run(activityProjection);
    await caughtUp(activity);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(status.current()).toEqual({
      state: 'stopped',
      position: 1n,
      poison: {
        eventId: poison.events[0]!.eventId,
        position: '2',
        type: 'AgreementTeleported',
        error: expect.stringContaining('AgreementTeleported is not an agreement event type'),
      },
    });
    expect(await loadCheckpoint(storage.sql, 'partnership-status')).toBe(1n);
    expect((await storage.sql.query('select agreement_id from rm_partnership_status')).rows).toEqual([
      { agreement_id: agreementId },
    ]);
    expect(
      (await storage.sql.query('select type from rm_activity order by position')).rows.map((r) => r.type),
    ).toEqual(['AgreementDrafted', 'AgreementTeleported', 'AgreementDrafted']);
  });

  it('given a runner that has applied analyzeEvery events, then its tables carry statistics of their rows, and so does a rebuilt table', async () => {
    const rowsPlannerKnows = async (table: string) =>
      Number(
        (
          await storage.sql.query<{ reltuples: number }>(
            'select reltuples from pg_class where oid = to_regclass($1)',
            [table],
          )
        ).rows[0]!.reltuples,
      );
    const runner = new ProjectionRunner(storage.sql, storage.store, partnershipStatusProjection, {
      pollMs: 10,
      analyzeEvery: 6,
      log: () => undefined,
    });
    runners.push(runner);
    await runner.start();

    for (const terms of [HUE_KOICA, CAN_THO, DA_NANG_NEVERS])
      await appendAgreement(storage.store, terms, [{ type: 'AgreementProposed', data: {} }]);
    await caughtUp(runner);
    expect(await rowsPlannerKnows('rm_partnership_status')).toBe(3);

    // Two events more: under analyzeEvery, the statistics stay as they were.
    await appendAgreement(storage.store, { ...HUE_KOICA, title: 'Fourth' });
    await appendAgreement(storage.store, { ...HUE_KOICA, title: 'Fifth' });
    await caughtUp(runner);
    expect(await rowsPlannerKnows('rm_partnership_status')).toBe(3);

    await rebuildProjection(storage.sql, storage.store, partnershipStatusProjection);
    expect(await rowsPlannerKnows('rm_partnership_status')).toBe(5);
  });

  it('given a live projection, when rebuilt, then the rows are identical; verify finds a tampered row', async () => {
    await appendAgreement(storage.store, HUE_KOICA, [
      funding('org-koica', '13000000', 'USD'),
      { type: 'AgreementProposed', data: {} },
    ]);
    await appendAgreement(storage.store, CAN_THO, [funding('vn-mof', '1011800000000', 'VND')]);
    await appendAgreement(storage.store, DA_NANG_NEVERS);
    const live = await run(partnershipStatusProjection, 2);
    await caughtUp(live);
    const snapshot = async () =>
      (
        await storage.sql.query(
          `select to_jsonb(t)::text as j from rm_partnership_status t order by agreement_id`,
        )
      ).rows;
    const before = await snapshot();

    const verified = await rebuildProjection(storage.sql, storage.store, partnershipStatusProjection, {
      verify: true,
    });
    expect(verified).toMatchObject({ swapped: false, position: '6', events: 6 });
    expect(verified.difference).toBeUndefined();

    const rebuilt = await rebuildProjection(storage.sql, storage.store, partnershipStatusProjection);
    expect(rebuilt).toMatchObject({ swapped: true, position: '6' });
    expect(await snapshot()).toEqual(before);
    // A second rebuild after the swap: the renamed indexes and constraints do not clash.
    await rebuildProjection(storage.sql, storage.store, partnershipStatusProjection);

    await storage.sql.query(`update rm_partnership_status set title = 'Hacked' where title like 'Cần Thơ%'`);
    const tampered = await rebuildProjection(storage.sql, storage.store, partnershipStatusProjection, {
      verify: true,
    });
    expect(tampered.difference).toMatchObject({ table: 'rm_partnership_status' });
    expect(JSON.stringify(tampered.difference?.live)).toContain('Hacked');
    expect(JSON.stringify(tampered.difference?.rebuilt)).toContain('Cần Thơ smart city');

    // The live runner goes on after the swaps.
    await appendAgreement(storage.store, { ...HUE_KOICA, title: 'After rebuild' });
    await caughtUp(live);
    expect((await listAgreements(storage.sql, { q: 'after rebuild' }, ALL)).items).toHaveLength(1);
  });

  it('given concurrent writers and two runners of one projection, then every event is projected exactly once', async () => {
    const status = [await run(partnershipStatusProjection, 7), await run(partnershipStatusProjection, 5)];
    const activity = [await run(activityProjection, 3), await run(activityProjection, 11)];
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; i < 5; i++) {
        const { agreementId } = await appendAgreement(storage.store, { ...HUE_KOICA, title: `W${w} A${i}` });
        await appendTo(storage.store, agreementId, [
          funding('org-koica', '0.10', 'USD'),
          funding('org-koica', '0.20', 'USD'),
        ]);
      }
    });
    await Promise.all(writers);
    for (const r of [...status, ...activity]) await caughtUp(r);

    const head = await storage.store.headPosition();
    expect(head).toBe(90n);
    const feed = await storage.sql.query<{ position: bigint }>(
      'select position from rm_activity order by position',
    );
    expect(feed.rows.map((r) => r.position)).toEqual(Array.from({ length: 90 }, (_, i) => BigInt(i + 1)));
    const rows = await storage.sql.query<{ revision: number; committed: string }>(
      `select s.revision, f.committed::text as committed from rm_partnership_status s join rm_partnership_funding f using (agreement_id)`,
    );
    expect(rows.rows).toHaveLength(30);
    // Applied twice, 0.10 + 0.20 would read 0.60.
    for (const r of rows.rows) expect(r).toEqual({ revision: 2, committed: '0.30' });
  });
});
