import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startKurrentDbTestServer,
  type KurrentDbTestServer,
} from '../../../../test/kurrentdb-test-server/index.js';
import {
  DuplicateEventIdError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '../port/index.js';
import { GENESIS_HASH, hashEvent, hashedFieldsOf } from '../hash-chain/index.js';
import { openTestKurrentDbStore } from './testing/open-test-store.js';

/**
 * The adapter over the real `@kurrent/kurrentdb-client` and real gRPC: against the test double
 * always, and against a real KurrentDB when KURRENTDB_CONNECTION_STRING is set. Stream names carry
 * a per-run scope so a real server's older data never leaks into `$all` assertions.
 */
const targets: Array<[string, () => Promise<{ connectionString: string; stop(): Promise<void> }>]> = [
  ['KurrentDB test double', startKurrentDbTestServer as () => Promise<KurrentDbTestServer>],
];
if (process.env.KURRENTDB_CONNECTION_STRING) {
  const cs = process.env.KURRENTDB_CONNECTION_STRING;
  targets.push([
    'KurrentDB at KURRENTDB_CONNECTION_STRING',
    async () => ({ connectionString: cs, stop: async () => undefined }),
  ]);
}

const event = (
  type = 'NoteRecorded',
  data: EventToAppend['data'] = { text: 'Cần Thơ – Ghent', n: 1.5 },
): EventToAppend => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: 'officer@vn-can-tho',
    actorNode: 'vn-can-tho',
    originNode: 'vn-can-tho',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: '2026-11-22T10:00:00.000Z',
  },
});

describe.each(targets)('KurrentDB event store on %s', (_name, start) => {
  let server: { connectionString: string; stop(): Promise<void> };
  let store: EventStore;
  const scope = `k${randomUUID().slice(0, 8)}-`;
  const stream = (kind = 'agreement-'): string => `${kind}${scope}${randomUUID()}`;
  const signer = { sign: (hash: string) => Buffer.from(`sig:${hash}`).toString('base64url') };

  beforeAll(async () => {
    server = await start();
    store = await openTestKurrentDbStore(server.connectionString, scope, signer);
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('given a new stream, when events are appended with no_stream, then they read back forwards and backwards', async () => {
    const id = stream();
    const appended = await store.appendToStream(id, [event(), event(), event()], {
      expectedRevision: 'no_stream',
    });
    expect(appended.nextExpectedRevision).toBe(2);
    expect(appended.events.map((e) => e.revision)).toEqual([0, 1, 2]);

    const forwards = await store.readStream(id);
    expect(forwards).toEqual(appended.events);
    expect(await store.readStream(id, { direction: 'backwards' })).toEqual([...appended.events].reverse());
    expect(await store.readStream(id, { fromRevision: 1, maxCount: 1 })).toEqual([appended.events[1]]);
    expect(await store.readStream(id, { direction: 'backwards', fromRevision: 1 })).toEqual([
      appended.events[1],
      appended.events[0],
    ]);
  });

  it('given a stream, when the expected revision is wrong, then WrongExpectedRevisionError names the actual revision', async () => {
    const id = stream();
    await store.appendToStream(id, [event()], { expectedRevision: 'no_stream' });
    const wrongExact = store.appendToStream(id, [event()], { expectedRevision: 5 });
    await expect(wrongExact).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(wrongExact).rejects.toMatchObject({ streamId: id, expected: 5, actual: 0 });
    await expect(
      store.appendToStream(id, [event()], { expectedRevision: 'no_stream' }),
    ).rejects.toMatchObject({ actual: 0 });
    const next = await store.appendToStream(id, [event()], { expectedRevision: 0 });
    expect(next.nextExpectedRevision).toBe(1);
    const any = await store.appendToStream(id, [event()]);
    expect(any.nextExpectedRevision).toBe(2);
  });

  it('given an append that landed, when it is retried with the same eventIds, then the original result comes back and nothing is written twice', async () => {
    const id = stream();
    const batch = [event(), event()];
    const first = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
    const retried = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
    expect(retried).toEqual(first);
    const single = [event()];
    const third = await store.appendToStream(id, single, { expectedRevision: 1 });
    expect(await store.appendToStream(id, single, { expectedRevision: 1 })).toEqual(third);
    expect(await store.appendToStream(id, single)).toEqual(third);
    expect((await store.readStream(id)).map((e) => e.eventId)).toEqual(
      [...batch, ...single].map((e) => e.eventId),
    );
  });

  it('given an eventId stored earlier in the stream, when an append at an older revision reuses it, then DuplicateEventIdError', async () => {
    const id = stream();
    const [a, b] = [event(), event()];
    await store.appendToStream(id, [a, b], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream(id, [event(), a], { expectedRevision: 0 })).rejects.toMatchObject({
      code: 'DUPLICATE_EVENT_ID',
      eventId: a.eventId,
    });
    await expect(store.appendToStream(id, [b, b])).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('given no stream, when it is read, then StreamNotFoundError', async () => {
    await expect(store.readStream(stream())).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(store.readStream(stream(), { direction: 'backwards' })).rejects.toMatchObject({
      code: 'STREAM_NOT_FOUND',
    });
  });

  it('given appended events, then each carries the hash chain and signature, and metadata reads back exactly as written', async () => {
    const id = stream();
    const { events } = await store.appendToStream(id, [
      event(),
      event('TermsAmended', { terms: ['a', 'b'], nested: { x: null } }),
    ]);
    expect(events[0]!.metadata.prevHash).toBe(GENESIS_HASH);
    expect(events[1]!.metadata.prevHash).toBe(events[0]!.metadata.hash);
    for (const e of events) {
      expect(e.metadata.hash).toBe(hashEvent(hashedFieldsOf(e)));
      expect(e.metadata.signature).toBe(signer.sign(e.metadata.hash));
      expect(e.metadata.originRevision).toBe(e.revision);
    }
    const read = await store.readStream(id);
    expect(JSON.stringify(read.map((e) => [e.data, e.metadata]))).toBe(
      JSON.stringify(events.map((e) => [e.data, e.metadata])),
    );
    const more = await store.appendToStream(id, [event()], { expectedRevision: 1 });
    expect(more.events[0]!.metadata.prevHash).toBe(events[1]!.metadata.hash);
  });

  it('given node streams and a foreign stream, when $all is read after a position, then only node events come, in increasing positions', async () => {
    const head = await store.headPosition();
    const a = await store.appendToStream(stream(), [event(), event()]);
    await store.appendToStream(`other-${scope}${randomUUID()}`, [event()]);
    const b = await store.appendToStream(stream('endorsement-'), [event()]);

    const all = await store.readAll({ after: head });
    expect(all.map((e) => e.eventId)).toEqual([...a.events, ...b.events].map((e) => e.eventId));
    for (let i = 1; i < all.length; i++)
      expect(all[i]!.globalPosition > all[i - 1]!.globalPosition).toBe(true);
    expect(await store.readAll({ after: a.events[0]!.globalPosition, maxCount: 1 })).toEqual([all[1]]);
    expect(await store.headPosition()).toBe(b.position);
  });

  it('given a catch-up subscription, then it delivers stored and live events in order and resumes after its durable checkpoint', async () => {
    const from = await store.headPosition();
    const first = await store.appendToStream(stream(), [event(), event()]);
    const seen: RecordedEvent[] = [];
    let caughtUpAt: bigint | undefined;
    const subscription = store.subscribeToAll({
      subscriptionId: `projection-${scope}`,
      startAfter: from,
      handle: async (e) => {
        seen.push(e);
      },
      onCaughtUp: (p) => {
        caughtUpAt = p;
      },
    });
    await waitFor(() => caughtUpAt !== undefined);
    expect(caughtUpAt).toBe(first.position);
    const live = await store.appendToStream(stream(), [event()]);
    await waitFor(() => seen.length === 3);
    expect(seen.map((e) => e.eventId)).toEqual([...first.events, ...live.events].map((e) => e.eventId));
    await subscription.stop();
    expect(await store.checkpoints.load(`projection-${scope}`)).toBe(live.position);

    const later = await store.appendToStream(stream(), [event()]);
    const resumed: RecordedEvent[] = [];
    const again = store.subscribeToAll({
      subscriptionId: `projection-${scope}`,
      handle: async (e) => void resumed.push(e),
    });
    await waitFor(() => resumed.length === 1);
    expect(resumed[0]!.eventId).toBe(later.events[0]!.eventId);
    await again.stop();
  });

  it('given a handler that throws, then the subscription stops at that event and does not checkpoint it', async () => {
    const from = await store.headPosition();
    const appended = await store.appendToStream(stream(), [event(), event()]);
    const errors: Array<[unknown, RecordedEvent | undefined]> = [];
    const subscription = store.subscribeToAll({
      subscriptionId: `failing-${scope}`,
      startAfter: from,
      handle: async (e) => {
        if (e.eventId === appended.events[1]!.eventId) throw new Error('projection failed');
      },
      onError: (error, e) => void errors.push([error, e]),
    });
    await waitFor(() => errors.length === 1);
    expect(errors[0]![1]!.eventId).toBe(appended.events[1]!.eventId);
    expect(await store.checkpoints.load(`failing-${scope}`)).toBe(appended.events[0]!.globalPosition);
    await subscription.stop();
  });

  it('given bad input, then the error names the field', async () => {
    await expect(store.appendToStream('', [event()])).rejects.toThrow(/streamId/);
    await expect(store.appendToStream(stream(), [])).rejects.toThrow(/events/);
    await expect(store.readStream(stream(), { maxCount: -1 })).rejects.toThrow(/maxCount/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
