import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agreementEvents as ev, appendAs, openTestNodeStore, testIdentity } from '../testing/index.js';
import { Recipients, type Delivery } from './recipients.js';

const hue = testIdentity('vn-hue');
const nevers = testIdentity('fr-nevers');
let home: Awaited<ReturnType<typeof openTestNodeStore>>;
let partner: Awaited<ReturnType<typeof openTestNodeStore>>;

beforeAll(async () => {
  [home, partner] = await Promise.all([openTestNodeStore(hue), openTestNodeStore(nevers)]);
});
afterAll(async () => {
  for (const n of [home, partner]) {
    await n.store.close();
    await n.sql.close();
  }
});

const summary = (ds: Delivery[]) => Object.fromEntries(ds.map((d) => [d.recipient, d.events.map((e) => e.revision)]));

describe('relay recipients', () => {
  it('given the home, then each event goes to the parties around it, newcomers get the history, peers only', async () => {
    const s = `agreement-${randomUUID()}`;
    const events = await appendAs(home.store, 'vn-hue', s, [
      ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers', 'org-no-node']),
      ev.note('1'),
      ev.invited('org-koica'),
      ev.withdrawn('fr-nevers'),
      ev.note('after'),
    ]);
    const recipients = new Recipients({ store: home.store, nodeId: 'vn-hue', isPeer: (n) => n !== 'org-no-node' });
    const plan = [];
    for (const e of events) plan.push(summary(await recipients.of(e)));
    expect(plan).toEqual([
      { 'fr-nevers': [0] },
      { 'fr-nevers': [1] },
      { 'fr-nevers': [2], 'org-koica': [0, 1, 2] },
      { 'fr-nevers': [3], 'org-koica': [3] },
      { 'org-koica': [4] },
    ]);
  });

  it('given a partner, then its endorsements go to the parties, replicated events go nowhere, and a later party gets its endorsements', async () => {
    const s = `agreement-${randomUUID()}`;
    const agreementId = s.slice(10);
    const [drafted] = await appendAs(home.store, 'vn-hue', s, [ev.drafted(agreementId, 'vn-hue', ['vn-hue', 'fr-nevers'])]);
    await partner.store.appendReplicated([drafted!]);
    const endorsements = await appendAs(partner.store, 'fr-nevers', `endorsement-${agreementId}-fr-nevers`, [ev.note('countersigned')]);
    const recipients = new Recipients({ store: partner.store, nodeId: 'fr-nevers' });
    const [replicatedDraft] = await partner.store.readStream(s);
    expect(await recipients.of(replicatedDraft!)).toEqual([]);
    expect(summary(await recipients.of(endorsements[0]!))).toEqual({ 'vn-hue': [0] });

    const [invite] = await appendAs(home.store, 'vn-hue', s, [ev.invited('org-koica')]);
    const [stored] = (await partner.store.appendReplicated([invite!])).map((o) => o.event);
    const deliveries = await recipients.of(stored!);
    expect(deliveries.map((d) => [d.recipient, d.events.map((e) => e.eventId)])).toEqual([['org-koica', [endorsements[0]!.eventId]]]);
  });

  it('given a batch asked for again (a resend after a failed publish), then the same deliveries without reading the stream again', async () => {
    const s = `agreement-${randomUUID()}`;
    const events = await appendAs(home.store, 'vn-hue', s, [
      ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'fr-nevers']),
      ...Array.from({ length: 40 }, (_, i) => ev.note(`report ${i}`)),
      ev.invited('org-koica'),
      ev.note('after the invitation'),
    ]);
    let reads = 0;
    const store = { readStream: (...args: Parameters<typeof home.store.readStream>) => (reads++, home.store.readStream(...args)) };
    const recipients = new Recipients({ store, nodeId: 'vn-hue' });
    const first = [];
    for (const e of events) first.push(summary(await recipients.of(e)));
    const readsOfFirstSend = reads;

    // When the whole stream is asked for again
    const again = [];
    for (const e of events) again.push(summary(await recipients.of(e)));

    // Then the answers are the same, and only the invitation's backfill read the stream again
    expect(again).toEqual(first);
    expect(first[41]).toEqual({ 'fr-nevers': [41], 'org-koica': Array.from({ length: 42 }, (_, i) => i) });
    expect(reads - readsOfFirstSend).toBe(1);
  });
});
