import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@ketnoi/event-store';
import { encodeEvent } from '../cloudevents/index.js';
import { agreementEvents as ev, appendAs, openTestNodeStore, testIdentity, trustOf } from '../testing/index.js';
import { inboxTopicFor } from '../topics.js';
import type { InboxMessage } from '../transport/transport.js';
import { Inbound, type InboundOutcome } from './inbound.js';

// The inbound without a broker: messages handed to `receive` as the consumer would.
const hue = testIdentity('vn-hue');
const nevers = testIdentity('fr-nevers');
const koica = testIdentity('org-koica');
const trust = trustOf([hue, nevers, koica]);

type Node = Awaited<ReturnType<typeof openTestNodeStore>> & { inbound: Inbound };
const nodes: Node[] = [];
let offset = 0;

async function node(identity: typeof hue): Promise<Node> {
  const opened = await openTestNodeStore(identity);
  const n = { ...opened, inbound: new Inbound({ ...opened, nodeId: identity.nodeId, trust, log: () => undefined }) };
  nodes.push(n);
  return n;
}

const message = (to: string, e: RecordedEvent): InboxMessage => {
  const m = encodeEvent(e, { sourceNode: e.metadata.originNode });
  const headers = Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)]));
  return { topic: inboxTopicFor(to), partition: 0, offset: String(offset++), key: Buffer.from(m.key), value: m.value, headers };
};

let home: Node; // Huế, home of the agreements
let partner: Node; // Nevers, a party writing endorsements
let third: Node; // KOICA, the node under test

beforeAll(async () => {
  [home, partner, third] = [await node(hue), await node(nevers), await node(koica)];
});
afterAll(async () => {
  for (const n of nodes) {
    await n.store.close();
    await n.sql.close();
  }
});

const agreementWith = async (parties: string[]) => {
  const s = `agreement-${randomUUID()}`;
  const events = await appendAs(home.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', parties)]);
  return { s, agreementId: s.slice(10), events };
};

describe('inbound', () => {
  it('given an endorsement that arrives before its agreement, then it waits and is applied when the agreement arrives', async () => {
    const { s, agreementId, events } = await agreementWith(['vn-hue', 'fr-nevers', 'org-koica']);
    await partner.store.appendReplicated(events);
    const endorsement = `endorsement-${agreementId}-fr-nevers`;
    const [countersigned] = await appendAs(partner.store, 'fr-nevers', endorsement, [ev.note('countersigned by Nevers')]);

    expect(await third.inbound.receive(message('org-koica', countersigned!))).toMatchObject({
      kind: 'parked',
      waitingFor: `the agreement stream ${s}`,
    });
    expect(await third.inbound.receive(message('org-koica', events[0]!))).toMatchObject({ kind: 'applied', followers: 1 });
    expect((await third.store.readStream(endorsement)).map((e) => e.eventId)).toEqual([countersigned!.eventId]);
  });

  it('given an endorsement from a node that is not a party, then the home refuses it', async () => {
    const { agreementId, events } = await agreementWith(['vn-hue', 'fr-nevers']);
    await third.store.appendReplicated(events); // KOICA got hold of it somehow, and endorses
    const [intrusion] = await appendAs(third.store, 'org-koica', `endorsement-${agreementId}-org-koica`, [ev.note('me too')]);
    expect(await home.inbound.receive(message('vn-hue', intrusion!))).toMatchObject({ kind: 'quarantined', code: 'ENDORSER_NOT_PARTY' });
  });

  it('given a node that is not (yet) a party, then the events wait for the one that makes it a party', async () => {
    const { s, events } = await agreementWith(['vn-hue', 'fr-nevers']);
    const note = await appendAs(home.store, 'vn-hue', s, [ev.note('before KOICA')]);
    expect(await third.inbound.receive(message('org-koica', events[0]!))).toMatchObject({ kind: 'parked' });
    expect(await third.inbound.receive(message('org-koica', note[0]!))).toMatchObject({ kind: 'parked' });
    const invite = await appendAs(home.store, 'vn-hue', s, [ev.invited('org-koica')]);
    expect(await third.inbound.receive(message('org-koica', invite[0]!))).toMatchObject({ kind: 'applied', eventId: invite[0]!.eventId });
    expect((await third.store.readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  it('given another event at a revision already stored (a fork), then it is quarantined as a conflict', async () => {
    const { s, events } = await agreementWith(['vn-hue', 'org-koica']);
    expect(await third.inbound.receive(message('org-koica', events[0]!))).toMatchObject({ kind: 'applied' });
    expect(await third.inbound.receive(message('org-koica', events[0]!))).toMatchObject({ kind: 'duplicate' });
    const fork = await openTestNodeStore(hue);
    const other = await appendAs(fork.store, 'vn-hue', s, [ev.drafted(s.slice(10), 'vn-hue', ['vn-hue', 'org-koica'])]);
    expect(await third.inbound.receive(message('org-koica', other[0]!))).toMatchObject({ kind: 'quarantined', code: 'CONFLICT' });
    await fork.store.close();
    await fork.sql.close();
  });

  it('given a message claiming to come from this node, or about a stream that does not federate, then it is quarantined', async () => {
    const [own] = await appendAs(third.store, 'org-koica', `agreement-${randomUUID()}`, [ev.note('mine')]);
    expect(await third.inbound.receive(message('org-koica', own!))).toMatchObject({ kind: 'quarantined', code: 'ORIGIN_IS_THIS_NODE' });
    const [other] = await appendAs(home.store, 'vn-hue', `projection-${randomUUID()}`, [ev.note('not federated')]);
    expect(await third.inbound.receive(message('org-koica', other!))).toMatchObject({ kind: 'quarantined', code: 'UNKNOWN_STREAM' });
  });
});

describe('inbound, a consumed batch at a time', () => {
  /** A fresh KOICA node; `store` may stand in front of its real store. */
  async function receiver(wrap?: (store: Node['store']) => Node['store']): Promise<Node> {
    const opened = await openTestNodeStore(koica);
    const store = wrap ? wrap(opened.store) : opened.store;
    const n = { ...opened, inbound: new Inbound({ store, sql: opened.sql, nodeId: 'org-koica', trust, log: () => undefined }) };
    nodes.push(n);
    return n;
  }
  const eventIdsOf = async (n: Node, s: string) => (await n.store.readStream(s)).map((e) => e.eventId);
  const forged = (m: InboxMessage): InboxMessage => ({ ...m, headers: { ...m.headers, ce_ketnoisignature: Buffer.from('A'.repeat(86)) } });

  /** The agreement's events as Huế records them: drafted with KOICA, then `more`. */
  async function history(more: Parameters<typeof appendAs>[3]) {
    const { s, events } = await agreementWith(['vn-hue', 'org-koica']);
    return { s, events: [...events, ...(await appendAs(home.store, 'vn-hue', s, more))] };
  }

  it('given a batch mixing streams, a duplicate, a forgery, an early event, its gap and a withdrawal, then each gets the outcome it gets alone, and the logs match', async () => {
    const a = await history([ev.note('a1'), ev.note('a2'), ev.note('a3')]);
    const b = await history([ev.note('b1'), ev.note('b2')]);
    const c = await history([ev.withdrawn('org-koica'), ev.note('after KOICA left')]);
    const to = (e: RecordedEvent) => message('org-koica', e);
    const [a0, a1, a2, a3] = a.events.map(to);
    const [b0, b1, b2] = b.events.map(to);
    const [c0, c1, c2] = c.events.map(to);
    const batch = [a0!, a1!, b0!, a2!, c0!, a1!, forged(a3!), b2!, c1!, b1!, a3!, c2!];
    const alone = await receiver();
    const together = await receiver();

    const one = [];
    for (const m of batch) one.push(await alone.inbound.receive(m));
    const all = await together.inbound.receiveAll(batch);

    const kinds = (outcomes: InboundOutcome[]) => outcomes.map((o) => [o.kind, 'followers' in o ? o.followers : undefined, 'code' in o ? o.code : undefined]);
    expect(kinds(all)).toEqual(kinds(one));
    expect(kinds(all).map(([k]) => k)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'duplicate', 'quarantined', 'parked', 'applied', 'applied', 'applied', 'parked']);
    for (const { s } of [a, b, c]) expect(await eventIdsOf(together, s)).toEqual(await eventIdsOf(alone, s));
    expect(await eventIdsOf(together, a.s)).toEqual(a.events.map((e) => e.eventId));
    expect((await together.inbound.quarantine.list()).map((q) => q.reasonCode)).toEqual(['BAD_SIGNATURE']);
  });

  it('given the store failing on the gathered events once, then each is stored on its own, once', async () => {
    const a = await history([ev.note('a1'), ev.note('a2'), ev.note('a3')]);
    let failures = 1;
    const node = await receiver((store) =>
      Object.assign(Object.create(store) as Node['store'], {
        appendReplicated: (events: Parameters<Node['store']['appendReplicated']>[0]) =>
          events.length > 1 && failures-- > 0 ? Promise.reject(new Error('connection reset')) : store.appendReplicated(events),
      }),
    );

    const outcomes = await node.inbound.receiveAll(a.events.map((e) => message('org-koica', e)));

    expect(failures).toBe(0);
    expect(outcomes.map((o) => o.kind)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await eventIdsOf(node, a.s)).toEqual(a.events.map((e) => e.eventId));
  });

  it('given storage down for a whole batch, then the batch is refused, and delivered again it is stored once', async () => {
    const a = await history([ev.note('a1'), ev.note('a2')]);
    let down = false;
    const node = await receiver((store) =>
      Object.assign(Object.create(store) as Node['store'], {
        appendReplicated: (events: Parameters<Node['store']['appendReplicated']>[0]) =>
          down ? Promise.reject(new Error('storage down')) : store.appendReplicated(events),
      }),
    );
    const batch = a.events.map((e) => message('org-koica', e));
    await node.inbound.receiveAll(batch.slice(0, 1));

    down = true;
    await expect(node.inbound.receiveAll(batch)).rejects.toThrow('storage down');
    down = false;
    const again = await node.inbound.receiveAll(batch);

    expect(again.map((o) => o.kind)).toEqual(['duplicate', 'applied', 'applied']);
    expect(await eventIdsOf(node, a.s)).toEqual(a.events.map((e) => e.eventId));
  });
});
