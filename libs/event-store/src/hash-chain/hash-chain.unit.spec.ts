import type { RecordedEvent } from '../port/index.js';
import { GENESIS_HASH, hashEvent, hashedFieldsOf, verifyChain, type HashedFields } from './hash-chain.js';

const fields = (over: Partial<HashedFields> = {}): HashedFields => ({
  eventId: '0190a000-0000-7000-8000-000000000001',
  streamId: 'agreement-1',
  revision: 0,
  type: 'AgreementDrafted',
  schemaVersion: 1,
  data: { title: 'Huế–Lyon', amount: '1000.00' },
  actor: 'user:lan',
  actorNode: 'hue',
  originNode: 'hue',
  correlationId: 'c1',
  causationId: 'c1',
  occurredAt: '2026-11-22T10:00:00.000Z',
  prevHash: GENESIS_HASH,
  ...over,
});

const recorded = (f: HashedFields, position: bigint): RecordedEvent => ({
  eventId: f.eventId,
  streamId: f.streamId,
  revision: f.revision,
  globalPosition: position,
  type: f.type,
  schemaVersion: f.schemaVersion,
  data: f.data,
  metadata: {
    actor: f.actor,
    actorNode: f.actorNode,
    originNode: f.originNode,
    correlationId: f.correlationId,
    causationId: f.causationId,
    occurredAt: f.occurredAt,
    originRevision: f.revision,
    recordedAt: '2026-11-22T10:00:01.000Z',
    prevHash: f.prevHash,
    hash: hashEvent(f),
  },
});

const chainOf = (n: number): RecordedEvent[] => {
  const out: RecordedEvent[] = [];
  for (let i = 0; i < n; i++)
    out.push(recorded(fields({ eventId: `e${i}`, revision: i, prevHash: out[i - 1]?.metadata.hash ?? GENESIS_HASH }), BigInt(i + 1)));
  return out;
};

describe('hash chain', () => {
  it('given the same content with keys in another order, when hashed, then the hash is the same (JCS)', () => {
    const a = hashEvent(fields({ data: { a: 1, b: [1, { y: 2, x: 1 }] } }));
    const b = hashEvent(fields({ data: { b: [1, { x: 1, y: 2 }], a: 1 } }));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given node-local fields that differ, when hashed, then the hash does not change', () => {
    const [e] = chainOf(1);
    const elsewhere = { ...e!, globalPosition: 99n, metadata: { ...e!.metadata, recordedAt: '2030-01-01T00:00:00Z' } };
    expect(hashEvent(hashedFieldsOf(elsewhere))).toBe(e!.metadata.hash);
  });

  it('given every hashed field, when one changes, then the hash changes', () => {
    const base = hashEvent(fields());
    for (const over of [
      { eventId: 'x' }, { streamId: 'x' }, { revision: 1 }, { type: 'x' }, { schemaVersion: 2 }, { data: {} },
      { actor: 'x' }, { actorNode: 'x' }, { originNode: 'x' }, { correlationId: 'x' }, { causationId: 'x' },
      { occurredAt: 'x' }, { prevHash: '1'.repeat(64) },
    ])
      expect(hashEvent(fields(over))).not.toBe(base);
  });

  it('given an intact chain, then verifyChain is ok', () => {
    expect(verifyChain(chainOf(4))).toEqual({ ok: true });
  });

  it('given a link to the wrong previous hash, then verifyChain names the stream and revision', () => {
    const events = chainOf(3);
    const f = fields({ eventId: 'e2', revision: 2, prevHash: '1'.repeat(64) });
    events[2] = recorded(f, 3n);
    expect(verifyChain(events)).toEqual({
      ok: false, streamId: 'agreement-1', revision: 2, reason: 'prevHash',
      expected: events[1]!.metadata.hash, actual: '1'.repeat(64),
    });
  });

  it('given a gap in revisions, then verifyChain reports it', () => {
    const events = chainOf(3);
    expect(verifyChain([events[0]!, events[2]!])).toMatchObject({ ok: false, revision: 2, reason: 'revision', expected: '1' });
  });

  it('given altered data, then verifyChain reports the hash mismatch', () => {
    const events = chainOf(2);
    events[1] = { ...events[1]!, data: { title: 'forged' } };
    expect(verifyChain(events)).toMatchObject({ ok: false, revision: 1, reason: 'hash', actual: events[1].metadata.hash });
  });
});
