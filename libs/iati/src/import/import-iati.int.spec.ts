import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@ketnoi/event-store';
import {
  canonicalIati,
  exportTo as exportFile,
  IATI_DATA,
  importFile,
  seedCompletedGrant,
  seedNegotiations,
  TestStores,
} from '../testing/index.js';

let dir: string;
const stores = new TestStores();
const freshStore = () => stores.fresh();
const exportTo = (store: EventStore, name: string) => exportFile(store, join(dir, name));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ketnoi-iati-import-'));
});
afterAll(async () => {
  await stores.closeAll();
  await rm(dir, { recursive: true, force: true });
});

describe('IATI import', () => {
  it('given an export of agreements under negotiation, when imported into a fresh node and exported again, then the documents are equal after canonicalisation', async () => {
    const origin = await freshStore();
    await seedNegotiations(origin);
    const first = await exportTo(origin, 'first.xml');
    const fresh = await freshStore();
    const { summary, reports } = await importFile(fresh, first);
    expect(summary).toMatchObject({ activities: 3, drafted: 3, skipped: 0, commitments: 4 });
    expect(reports[0]!.mapped).toEqual(
      expect.arrayContaining([
        'title',
        'title translations (vi, en, fr)',
        'description',
        'kind GRANT (ketnoi:kind)',
      ]),
    );
    const second = await exportTo(fresh, 'second.xml');
    expect(await canonicalIati(second)).toBe(await canonicalIati(first));
  });

  it('given a file imported once, when imported again, then nothing new is recorded (idempotent by iati-identifier)', async () => {
    const origin = await freshStore();
    await seedNegotiations(origin);
    const file = await exportTo(origin, 'again.xml');
    const target = await freshStore();
    await importFile(target, file);
    const head = await target.headPosition();
    const { summary } = await importFile(target, file);
    expect(summary).toMatchObject({ activities: 3, drafted: 0, alreadyImported: 3 });
    expect(await target.headPosition()).toBe(head);
  });

  it('given a signed, disbursed and completed agreement, when imported, then it is drafted and the report says what was left out and why', async () => {
    const origin = await freshStore();
    await seedCompletedGrant(origin);
    const { reports } = await importFile(await freshStore(), await exportTo(origin, 'completed.xml'));
    expect(reports[0]!.outcome).toBe('drafted');
    expect(reports[0]!.mapped).toContainEqual(
      expect.stringMatching(/^transaction 1: commitment of 400000 USD by org-koica$/),
    );
    expect(reports[0]!.leftOut).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^activity-status 4 \(an import drafts/),
        expect.stringMatching(/^1 disbursement\(s\) \(money moves only under a signed agreement/),
        expect.stringMatching(/^actual start and end dates/),
      ]),
    );
  });

  it('given the annotated example activity of the standard, when imported, then it is drafted with its parties, dates and commitment', async () => {
    const store = await freshStore();
    const { summary, reports } = await importFile(
      store,
      join(IATI_DATA, 'activity-standard-example-annotated.xml'),
    );
    expect(summary).toMatchObject({ activities: 1, drafted: 1 });
    const report = reports[0]!;
    expect(report.iatiIdentifier).toBe('AA-AAA-123456789-ABC123');
    expect(report.mapped).toEqual(
      expect.arrayContaining([
        'title',
        'title translations (fr)',
        'description',
        'participating-org bb-bbb-123456789 as DONOR',
        'start date',
        'end date',
      ]),
    );
    expect(report.leftOut).toEqual(
      expect.arrayContaining([expect.stringMatching(/^title in es/), expect.stringMatching(/^location ×2/)]),
    );
    const events = await store.readStream(`agreement-${report.agreementId}`);
    expect(events[0]!.type).toBe('AgreementDrafted');
    expect(events[0]!.metadata.actor).toBe('officer@vn-hue');
    expect(events[0]!.data).toMatchObject({
      title: 'Activity title',
      kind: 'GRANT',
      startDate: '2012-04-15',
      endDate: '2015-12-31',
    });
  });
});
