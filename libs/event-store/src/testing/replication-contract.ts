import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, hashEvent, verifyChain } from '../hash-chain/index.js';
import {
  ChainLinkError,
  DuplicateEventIdError,
  RevisionGapError,
  type EventFromPeer,
  type RecordedEvent,
  type ReplicaStore,
} from '../port/index.js';

export interface OpenedReplicaStore {
  readonly store: ReplicaStore;
  close(): Promise<void>;
}

/**
 * A stream as another node recorded it: hashes chained the way every store chains them, a
 * signature that is only opaque text here (the federation verifies it before the store sees it).
 */
export function peerStream(count: number, originNode = 'fr-nevers', streamId = `agreement-${randomUUID()}`): EventFromPeer[] {
  const events: EventFromPeer[] = [];
  let prevHash = GENESIS_HASH;
  for (let revision = 0; revision < count; revision++) {
    const fields = {
      eventId: randomUUID(),
      streamId,
      revision,
      type: revision === 0 ? 'AgreementDrafted' : 'NoteRecorded',
      schemaVersion: 1,
      data: { n: revision, vi: 'Kết nối' },
      actor: 'user:claire',
      actorNode: originNode,
      originNode,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt: `2026-11-22T10:00:0${revision % 10}.000Z`,
      prevHash,
    };
    const hash = hashEvent(fields);
    const { eventId, type, schemaVersion, data, ...rest } = fields;
    events.push({
      eventId,
      streamId,
      revision,
      type,
      schemaVersion,
      data,
      metadata: {
        actor: rest.actor,
        actorNode: rest.actorNode,
        originNode: rest.originNode,
        originRevision: revision,
        correlationId: rest.correlationId,
        causationId: rest.causationId,
        occurredAt: rest.occurredAt,
        prevHash,
        hash,
        signature: `sig-of-${originNode}-${revision}`,
      },
    });
    prevHash = hash;
  }
  return events;
}

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** `appendReplicated`: what every adapter that can hold other nodes' events must show. */
export function describeReplicationContract(
  name: string,
  openStore: () => Promise<OpenedReplicaStore>,
  /** As in `StoreCapabilities`: KurrentDB finds a reused eventId only in its own stream. */
  capabilities: { readonly eventIdUniqueAcrossStreams: boolean } = { eventIdUniqueAcrossStreams: true },
): void {
  describe(`ReplicaStore contract: ${name}`, () => {
    let opened: OpenedReplicaStore;
    let store: ReplicaStore;
    beforeAll(async () => {
      opened = await openStore();
      store = opened.store;
    });
    afterAll(async () => opened.close());

    it('given a peer stream, when appended, then every origin field is kept and only position and recordedAt are local', async () => {
      const peer = peerStream(3);
      const before = await store.headPosition();
      const outcomes = await store.appendReplicated(peer);
      expect(outcomes.map((o) => o.outcome)).toEqual(['stored', 'stored', 'stored']);
      const read = await store.readStream(peer[0]!.streamId);
      expect(read.map(({ globalPosition: _p, metadata: { recordedAt: _r, ...m }, ...e }) => ({ ...e, metadata: m }))).toEqual(peer);
      for (const e of read) {
        expect(e.globalPosition > before).toBe(true);
        expect(Number.isNaN(Date.parse(e.metadata.recordedAt))).toBe(false);
      }
      expect(outcomes.map((o) => o.event)).toEqual(read);
      expect(verifyChain(read)).toEqual({ ok: true });
    });

    it('given an event already stored, when delivered again, then it is reported duplicate and nothing is written', async () => {
      const peer = peerStream(2);
      await store.appendReplicated(peer);
      const head = await store.headPosition();
      const again = await store.appendReplicated(peer);
      expect(again.map((o) => o.outcome)).toEqual(['duplicate', 'duplicate']);
      expect(again[1]!.event.eventId).toBe(peer[1]!.eventId);
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(peer[0]!.streamId)).toHaveLength(2);
    });

    it('given a missing revision, when a later one arrives, then RevisionGapError names the expected revision and stores nothing', async () => {
      const peer = peerStream(3);
      await store.appendReplicated([peer[0]!]);
      const err = await store.appendReplicated([peer[2]!]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RevisionGapError);
      expect(err).toMatchObject({ code: 'REVISION_GAP', streamId: peer[0]!.streamId, revision: 2, expectedRevision: 1, retriable: true });
      const fresh = peerStream(2);
      await expect(store.appendReplicated([fresh[1]!])).rejects.toMatchObject({ code: 'REVISION_GAP', expectedRevision: 0 });
      await store.appendReplicated([peer[1]!, peer[2]!]);
      expect((await store.readStream(peer[0]!.streamId)).map((e) => e.eventId)).toEqual(peer.map((e) => e.eventId));
    });

    it('given a prevHash that does not link, or content that does not hash to its hash, then ChainLinkError names the field', async () => {
      const peer = peerStream(2);
      await store.appendReplicated([peer[0]!]);
      const other = peerStream(2, 'fr-nevers', peer[0]!.streamId)[1]!; // a fork: same stream, other revision 0
      const fork = await store.appendReplicated([other]).catch((e: unknown) => e);
      expect(fork).toBeInstanceOf(ChainLinkError);
      expect(fork).toMatchObject({ field: 'prevHash', expected: peer[0]!.metadata.hash, retriable: false });
      const altered = { ...peer[1]!, data: { n: 999 } };
      await expect(store.appendReplicated([altered])).rejects.toMatchObject({ code: 'CHAIN_LINK_BROKEN', field: 'hash' });
      expect(await store.readStream(peer[0]!.streamId)).toHaveLength(1);
    });

    it('given an eventId stored at the same revision with other content, then DuplicateEventIdError', async () => {
      const peer = peerStream(2);
      await store.appendReplicated(peer);
      const altered = { ...peer[1]!, metadata: { ...peer[1]!.metadata, hash: 'f'.repeat(64) } };
      await expect(store.appendReplicated([altered])).rejects.toBeInstanceOf(DuplicateEventIdError);
    });

    if (capabilities.eventIdUniqueAcrossStreams) {
      it('given an eventId stored at another place, then DuplicateEventIdError', async () => {
        const peer = peerStream(2);
        await store.appendReplicated(peer);
        const elsewhere = peerStream(1);
        const reused = { ...elsewhere[0]!, eventId: peer[1]!.eventId };
        await expect(store.appendReplicated([reused])).rejects.toBeInstanceOf(DuplicateEventIdError);
      });
    }

    it('given events of two streams interleaved, each its stream\'s next, when appended together, then all are stored in the order given', async () => {
      const [a, b] = [peerStream(3), peerStream(2, 'org-koica')];
      const batch = [a[0]!, b[0]!, a[1]!, b[1]!, a[2]!];

      const outcomes = await store.appendReplicated(batch);

      expect(outcomes.map((o) => [o.outcome, o.event.eventId])).toEqual(batch.map((e) => ['stored', e.eventId]));
      const positions = outcomes.map((o) => o.event.globalPosition);
      expect([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(positions);
      expect(await store.readStream(a[0]!.streamId)).toEqual(outcomes.filter((o) => o.event.streamId === a[0]!.streamId).map((o) => o.event));
      expect(verifyChain(await store.readStream(b[0]!.streamId))).toEqual({ ok: true });
    });

    it('given a batch with an event stored already in its middle, then that one is a duplicate and the others are stored once', async () => {
      const peer = peerStream(4);
      await store.appendReplicated(peer.slice(0, 2));

      const outcomes = await store.appendReplicated(peer.slice(1));

      expect(outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'stored', 'stored']);
      expect((await store.readStream(peer[0]!.streamId)).map((e) => e.eventId)).toEqual(peer.map((e) => e.eventId));
    });

    it('given a batch whose middle event does not hash to its hash, then the ones before it are stored and none after', async () => {
      const peer = peerStream(3);
      const altered = { ...peer[1]!, data: { n: 999 } };

      await expect(store.appendReplicated([peer[0]!, altered, peer[2]!])).rejects.toMatchObject({ code: 'CHAIN_LINK_BROKEN', revision: 1, field: 'hash' });

      expect((await store.readStream(peer[0]!.streamId)).map((e) => e.eventId)).toEqual([peer[0]!.eventId]);
    });

    it('given a batch with a gap before its last event, then the ones before the gap are stored and the error names the missing revision', async () => {
      const peer = peerStream(4);

      await expect(store.appendReplicated([peer[0]!, peer[1]!, peer[3]!])).rejects.toMatchObject({ code: 'REVISION_GAP', revision: 3, expectedRevision: 2 });

      expect((await store.readStream(peer[0]!.streamId)).map((e) => e.eventId)).toEqual([peer[0]!.eventId, peer[1]!.eventId]);
    });

    it('bad input names the field', async () => {
      await expect(store.appendReplicated([])).rejects.toThrow(/events/);
      const [e] = peerStream(1);
      await expect(store.appendReplicated([{ ...e!, metadata: { ...e!.metadata, hash: '' } }])).rejects.toThrow(/metadata\.hash/);
      await expect(store.appendReplicated([{ ...e!, revision: -1 }])).rejects.toThrow(/revision/);
    });

    it('given a subscription, when a replicated event is stored, then the subscription sees it', async () => {
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeToAll({
        subscriptionId: `replica-${randomUUID()}`,
        startAfter: await store.headPosition(),
        handle: async (e) => void seen.push(e),
      });
      const peer = peerStream(1);
      await store.appendReplicated(peer);
      await until(() => seen.some((e) => e.eventId === peer[0]!.eventId));
      await sub.stop();
    });
  });
}
