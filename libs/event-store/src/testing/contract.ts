import { randomUUID } from 'node:crypto';
import { verifyChain } from '../hash-chain/index.js';
import {
  DuplicateEventIdError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '../port/index.js';
import type { SqlClient } from '../sql/sql-client.js';

export interface OpenedStore {
  readonly store: EventStore;
  readonly sql?: SqlClient;
  close(): Promise<void>;
}

/**
 * What an adapter guarantees beyond the port's minimum. The suite asserts the stronger property
 * wherever an adapter claims it, and the port's minimum everywhere, so no adapter is tested
 * against a promise it never made and none escapes one it did.
 */
export interface StoreCapabilities {
  /** Positions are 1, 2, 3, ... with no gaps (PostgreSQL: a counter); else only increasing (KurrentDB: commit positions). */
  readonly contiguousPositions: boolean;
  /** An eventId stored in one stream is refused in any other (PostgreSQL: a unique index); KurrentDB dedupes per stream only. */
  readonly eventIdUniqueAcrossStreams: boolean;
}

const POSTGRES_CAPABILITIES: StoreCapabilities = { contiguousPositions: true, eventIdUniqueAcrossStreams: true };

/** Every position of the log after `after`, paging through readAll. */
async function positionsAfter(store: EventStore, after: bigint): Promise<bigint[]> {
  const positions: bigint[] = [];
  for (let from = after; ; ) {
    const page = await store.readAll({ after: from, maxCount: 500 });
    if (page.length === 0) return positions;
    positions.push(...page.map((e) => e.globalPosition));
    from = page[page.length - 1]!.globalPosition;
  }
}

export const anEvent = (type = 'AgreementDrafted', data: EventToAppend['data'] = { n: 1 }): EventToAppend => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: 'user:lan',
    actorNode: 'hue',
    originNode: 'hue',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: '2026-11-22T10:00:00.000Z',
  },
});

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const stream = (): string => `agreement-${randomUUID()}`;

/**
 * The behaviour every EventStore adapter must show, through the port only. `openStore` gives a
 * store over ONE durable log: calling it again (after close) must reopen the same log, which the
 * checkpoint-resume test relies on.
 */
export function describeEventStoreContract(
  name: string,
  openStore: () => Promise<OpenedStore>,
  capabilities: StoreCapabilities = POSTGRES_CAPABILITIES,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: EventStore;
    beforeAll(async () => {
      opened = await openStore();
      store = opened.store;
    });
    afterAll(async () => opened.close());

    describe('expected revision', () => {
      it('no_stream creates the stream at revision 0, then refuses', async () => {
        const s = stream();
        const r = await store.appendToStream(s, [anEvent()], { expectedRevision: 'no_stream' });
        expect(r.nextExpectedRevision).toBe(0);
        await expect(store.appendToStream(s, [anEvent()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
          code: 'WRONG_EXPECTED_REVISION',
          actual: 0,
        });
      });
      it('an exact revision appends after it and refuses a stale one', async () => {
        const s = stream();
        await store.appendToStream(s, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        const r = await store.appendToStream(s, [anEvent()], { expectedRevision: 1 });
        expect(r.nextExpectedRevision).toBe(2);
        const err = await store.appendToStream(s, [anEvent()], { expectedRevision: 1 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: s, expected: 1, actual: 2, retriable: true });
      });
      it('an exact revision on a missing stream is refused with actual -1', async () => {
        await expect(store.appendToStream(stream(), [anEvent()], { expectedRevision: 0 })).rejects.toMatchObject({
          code: 'WRONG_EXPECTED_REVISION',
          actual: -1,
        });
      });
      it('any appends at the end, creating the stream when missing', async () => {
        const s = stream();
        expect((await store.appendToStream(s, [anEvent()])).nextExpectedRevision).toBe(0);
        expect((await store.appendToStream(s, [anEvent(), anEvent()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(2);
      });
      it('bad input names the field', async () => {
        await expect(store.appendToStream('', [anEvent()])).rejects.toThrow(/streamId/);
        await expect(store.appendToStream(stream(), [])).rejects.toThrow(/events/);
        await expect(store.appendToStream(stream(), [{ ...anEvent(), eventId: '' }])).rejects.toThrow(/eventId/);
      });
    });

    it('of 16 concurrent appends with the same expected revision exactly one wins', async () => {
      const s = stream();
      await store.appendToStream(s, [anEvent()], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, () => store.appendToStream(s, [anEvent()], { expectedRevision: 0 })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(15);
      for (const l of lost) expect(l.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    describe('idempotent append', () => {
      it('re-appending the same eventIds returns the original result and stores nothing new', async () => {
        const s = stream();
        const events = [anEvent(), anEvent()];
        const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(again.position).toBe(first.position);
        expect(again.events.map((e) => e.metadata.hash)).toEqual(first.events.map((e) => e.metadata.hash));
        const anyAgain = await store.appendToStream(s, events);
        expect(anyAgain.position).toBe(first.position);
        expect(await store.readStream(s)).toHaveLength(2);
      });
      it('an eventId stored earlier in the same stream, reused at another revision, is a DuplicateEventIdError', async () => {
        const s = stream();
        const [a, b] = [anEvent(), anEvent()];
        await store.appendToStream(s, [a, b], { expectedRevision: 'no_stream' });
        const err = await store.appendToStream(s, [anEvent(), a], { expectedRevision: 0 }).catch((x: unknown) => x);
        expect(err).toBeInstanceOf(DuplicateEventIdError);
        expect(err).toMatchObject({ eventId: a.eventId, retriable: false });
        expect(await store.readStream(s)).toHaveLength(2);
      });
      if (capabilities.eventIdUniqueAcrossStreams) {
        it('an eventId stored in another stream is a DuplicateEventIdError', async () => {
          const e = anEvent();
          await store.appendToStream(stream(), [e]);
          const err = await store.appendToStream(stream(), [e]).catch((x: unknown) => x);
          expect(err).toBeInstanceOf(DuplicateEventIdError);
          expect(err).toMatchObject({ eventId: e.eventId, retriable: false });
        });
      }
    });

    describe('reading', () => {
      it('reads forwards, backwards, from a revision, with maxCount, byte-identical data', async () => {
        const s = stream();
        const data = { z: 1, a: [1, 'two', { nested: null, x: 2.5 }], vi: 'Kết nối', b: true };
        await store.appendToStream(s, [0, 1, 2, 3, 4].map((n) => anEvent('Counted', { n, data })));
        const all = await store.readStream(s);
        expect(all.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(all[0]!.data).toEqual({ n: 0, data });
        expect((await store.readStream(s, { direction: 'backwards' })).map((e) => e.revision)).toEqual([4, 3, 2, 1, 0]);
        expect((await store.readStream(s, { fromRevision: 2, maxCount: 2 })).map((e) => e.revision)).toEqual([2, 3]);
        expect(
          (await store.readStream(s, { direction: 'backwards', fromRevision: 3, maxCount: 2 })).map((e) => e.revision),
        ).toEqual([3, 2]);
        expect(await store.readStream(s, { fromRevision: 9 })).toEqual([]);
      });
      it('reading a missing stream throws StreamNotFoundError', async () => {
        await expect(store.readStream(stream())).rejects.toBeInstanceOf(StreamNotFoundError);
      });
      it('keeps every envelope field as appended', async () => {
        const s = stream();
        const e = anEvent('AgreementSigned', { amount: '12.50', currency: 'EUR' });
        const [stored] = (await store.appendToStream(s, [e])).events;
        const [read] = await store.readStream(s);
        expect(read).toEqual(stored);
        expect(read).toMatchObject({ eventId: e.eventId, type: e.type, schemaVersion: 1, metadata: e.metadata });
        expect(read!.metadata.originRevision).toBe(0);
        expect(Number.isNaN(Date.parse(read!.metadata.recordedAt))).toBe(false);
      });
      it('stores quotes, backslashes, placeholders and SQL in every text field exactly as given', async () => {
        // Given text that would break or rewrite a statement built carelessly from it
        const hostile = `it's \\ "quoted" $1 E'\\x' '); drop table events; -- Cần Thơ \u{1F600}`;
        const s = `${stream()}-${hostile}`;
        const e = anEvent(`Noted ${hostile}`, { text: hostile, [hostile]: [hostile] });
        const event = { ...e, metadata: { ...e.metadata, actor: hostile, correlationId: hostile, causationId: hostile } };
        // When it is appended alone and read back
        const [stored] = (await store.appendToStream(s, [event])).events;
        const [read] = await store.readStream(s);
        // Then every field is byte for byte what was given, and the log still takes appends
        expect(read).toEqual(stored);
        expect(read).toMatchObject({ streamId: s, type: event.type, data: event.data, metadata: event.metadata });
        await store.appendToStream(s, [anEvent()], { expectedRevision: 0 });
      });
      it('readAll is in increasing position order (1-based and gap-free where the adapter claims it); headPosition is the last', async () => {
        await store.appendToStream(stream(), [anEvent(), anEvent()]);
        const all: RecordedEvent[] = [];
        for (let after = 0n; ; ) {
          const page = await store.readAll({ after, maxCount: 7 });
          if (page.length === 0) break;
          all.push(...page);
          after = page[page.length - 1]!.globalPosition;
        }
        for (let i = 1; i < all.length; i++) expect(all[i]!.globalPosition > all[i - 1]!.globalPosition).toBe(true);
        if (capabilities.contiguousPositions) expect(all.map((e) => e.globalPosition)).toEqual(all.map((_, i) => BigInt(i + 1)));
        expect(await store.headPosition()).toBe(all[all.length - 1]!.globalPosition);
      });
    });

    describe('hash chain', () => {
      it('links each event to the previous one and verifies', async () => {
        const s = stream();
        await store.appendToStream(s, [anEvent(), anEvent()]);
        await store.appendToStream(s, [anEvent()], { expectedRevision: 1 });
        const events = await store.readStream(s);
        expect(events[0]!.metadata.prevHash).toBe('0'.repeat(64));
        expect(events[1]!.metadata.prevHash).toBe(events[0]!.metadata.hash);
        expect(events[2]!.metadata.prevHash).toBe(events[1]!.metadata.hash);
        expect(verifyChain(events)).toEqual({ ok: true });
        expect(verifyChain(await store.readAll({ maxCount: 100_000 }))).toEqual({ ok: true });
      });
      it('verifyChain reports a tampered event', async () => {
        const s = stream();
        await store.appendToStream(s, [anEvent(), anEvent()]);
        const [a, b] = await store.readStream(s);
        const tampered = { ...b!, data: { n: 999 } };
        expect(verifyChain([a!, tampered])).toMatchObject({ ok: false, streamId: s, revision: 1, reason: 'hash' });
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, goes live, and resumes after its durable checkpoint', async () => {
        const id = `sub-${randomUUID()}`;
        const seen: RecordedEvent[] = [];
        const head = await store.headPosition();
        let caughtUp = false;
        const sub = store.subscribeToAll({
          subscriptionId: id,
          handle: async (e) => void seen.push(e),
          onCaughtUp: () => void (caughtUp = true),
        });
        await until(() => caughtUp);
        const stored = await positionsAfter(store, 0n);
        expect(stored.at(-1)).toBe(head);
        expect(seen.map((e) => e.globalPosition)).toEqual(stored);
        if (capabilities.contiguousPositions) expect(stored).toEqual(stored.map((_, i) => BigInt(i + 1)));
        const live = await store.appendToStream(stream(), [anEvent()]);
        await until(() => seen.some((e) => e.eventId === live.events[0]!.eventId));
        await sub.stop();
        expect(sub.position()).toBe(live.position);

        const later = await store.appendToStream(stream(), [anEvent()]);
        const resumed: RecordedEvent[] = [];
        const sub2 = store.subscribeToAll({ subscriptionId: id, handle: async (e) => void resumed.push(e) });
        await until(() => resumed.some((e) => e.eventId === later.events[0]!.eventId));
        await sub2.stop();
        expect(resumed[0]!.globalPosition).toBe((await positionsAfter(store, live.position))[0]);
        expect(resumed.map((e) => e.eventId)).toEqual([later.events[0]!.eventId]);
        expect(await store.checkpoints.load(id)).toBe(later.position);
      });

      it('a handler error stops at that event, calls onError, and never skips it', async () => {
        const id = `sub-${randomUUID()}`;
        const start = await store.headPosition();
        const { events } = await store.appendToStream(stream(), [anEvent(), anEvent(), anEvent()]);
        const poison = events[1]!;
        const handled: bigint[] = [];
        let failedOn: RecordedEvent | undefined;
        const sub = store.subscribeToAll({
          subscriptionId: id,
          startAfter: start,
          handle: async (e) => {
            if (e.eventId === poison.eventId) throw new Error('projection bug');
            handled.push(e.globalPosition);
          },
          onError: (_err, e) => void (failedOn = e),
        });
        await until(() => failedOn !== undefined);
        await sub.stop();
        expect(failedOn!.eventId).toBe(poison.eventId);
        expect(handled).toEqual([events[0]!.globalPosition]);
        expect(await store.checkpoints.load(id)).toBe(events[0]!.globalPosition);

        const retried: string[] = [];
        const sub2 = store.subscribeToAll({ subscriptionId: id, handle: async (e) => void retried.push(e.eventId) });
        await until(() => retried.includes(events[2]!.eventId));
        await sub2.stop();
        expect(retried.slice(0, 2)).toEqual([poison.eventId, events[2]!.eventId]);
      });

      it('delivers every event exactly once in position order while many writers append concurrently', async () => {
        const id = `sub-${randomUUID()}`;
        const start = await store.headPosition();
        const seen: bigint[] = [];
        const sub = store.subscribeToAll({
          subscriptionId: id,
          startAfter: start,
          handle: async (e) => void seen.push(e.globalPosition),
        });
        const writers = Array.from({ length: 8 }, async () => {
          const s = stream();
          for (let i = 0; i < 15; i++) await store.appendToStream(s, i % 3 === 0 ? [anEvent(), anEvent()] : [anEvent()]);
        });
        await Promise.all(writers);
        const end = await store.headPosition();
        await until(() => sub.position() >= end);
        await sub.stop();
        const stored = await positionsAfter(store, start);
        expect(stored).toHaveLength(8 * 20);
        expect(seen).toEqual(stored);
        if (capabilities.contiguousPositions) {
          expect(stored).toEqual(Array.from({ length: Number(end - start) }, (_, i) => start + BigInt(i + 1)));
        }
      });
    });
  });
}
