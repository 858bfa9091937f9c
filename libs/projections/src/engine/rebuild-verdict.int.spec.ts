import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { pgliteStorage } from '../../../agreements/src/testing/storage.js';
import type { TestStorage } from '../../../agreements/src/testing/agreements-test-app.js';
import { partnershipStatusProjection } from '../partnership-status/partnership-status.projection.js';
import { appendAgreement, CAN_THO, funding, HUE_KOICA } from '../testing/agreement-events.js';
import { ProjectionRunner } from './projection-runner.js';
import { rebuildProjection } from './rebuild.js';

// A rebuild on a log that disagrees with its own counter (or with the projection) must end, and
// say what disagrees; before, a live checkpoint past the log's end made it loop for ever.
describe('projections rebuild on an inconsistent log', () => {
  let storage: TestStorage;
  const deadline = <T>(work: Promise<T>) =>
    Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no verdict within 10 s')), 10_000))]);

  beforeEach(async () => {
    storage = await pgliteStorage('vn-hue');
    await appendAgreement(storage.store, HUE_KOICA, [funding('org-koica', '13000000', 'USD')]);
    await appendAgreement(storage.store, CAN_THO, [funding('vn-mof', '1011800000000', 'VND')]);
    const live = new ProjectionRunner(storage.sql, storage.store, partnershipStatusProjection, { pollMs: 10, retryMs: 20, log: () => undefined });
    await live.start();
    expect(await live.waitFor(await storage.store.headPosition(), 5000)).toBe(true);
    await live.stop();
  });
  afterEach(async () => {
    await storage.store.close();
    await storage.sql.close();
  });

  it('given the log\'s last event deleted and log_head lowered, when verified, then it ends naming the checkpoint past the log', async () => {
    await storage.sql.query('delete from events where global_position = 4');
    await storage.sql.query('update log_head set position = 3');
    await expect(deadline(rebuildProjection(storage.sql, storage.store, partnershipStatusProjection, { verify: true }))).rejects.toThrow(
      'the log ends at position 3, but projection partnership-status has read up to 4: events are missing from the log (run `ketnoi audit verify`)',
    );
  });

  it('given the last event deleted but log_head left, when rebuilt, then it ends naming log_head past the last event', async () => {
    await storage.sql.query('delete from events where global_position = 4');
    await expect(deadline(rebuildProjection(storage.sql, storage.store, partnershipStatusProjection))).rejects.toThrow(
      'the log ends at position 3, but log_head is 4: events are missing from the log (run `ketnoi audit verify`)',
    );
  });

  it('given log_head lowered below stored events, when rebuilt or verified, then it ends naming the events past log_head', async () => {
    await storage.sql.query('update log_head set position = 2');
    await storage.sql.query(`update projection_checkpoints set position = 2`);
    for (const verify of [false, true])
      await expect(deadline(rebuildProjection(storage.sql, storage.store, partnershipStatusProjection, { verify }))).rejects.toThrow(
        'events are stored past log_head 2 (the next at position 3): the log head was lowered or rows inserted around it (run `ketnoi audit verify`)',
      );
  });

  it('given a consistent log, when verified, then the verdict is identical rows', async () => {
    const verified = await deadline(rebuildProjection(storage.sql, storage.store, partnershipStatusProjection, { verify: true }));
    expect(verified).toMatchObject({ swapped: false, position: '4', events: 4 });
    expect(verified.difference).toBeUndefined();
  });
});
