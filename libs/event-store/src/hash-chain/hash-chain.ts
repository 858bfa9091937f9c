import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Json, RecordedEvent } from '../port/index.js';

/** prevHash of revision 0: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Exactly what the hash covers: what the origin decided plus the link to the previous event.
 * Nothing node-local (globalPosition, recordedAt), so a replica recomputes the same hash.
 */
export interface HashedFields {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Json;
  readonly actor: string;
  readonly actorNode: string;
  readonly originNode: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly occurredAt: string;
  readonly prevHash: string;
}

/** SHA-256 hex over the RFC 8785 (JCS) encoding: key order and number formatting cannot change it. */
export function hashEvent(f: HashedFields): string {
  const canonical = canonicalize({
    eventId: f.eventId,
    streamId: f.streamId,
    revision: f.revision,
    type: f.type,
    schemaVersion: f.schemaVersion,
    data: f.data,
    actor: f.actor,
    actorNode: f.actorNode,
    originNode: f.originNode,
    correlationId: f.correlationId,
    causationId: f.causationId,
    occurredAt: f.occurredAt,
    prevHash: f.prevHash,
  });
  if (canonical === undefined) throw new TypeError(`data: event ${f.eventId} is not JSON`);
  return createHash('sha256').update(canonical).digest('hex');
}

/** What an event carries of its hashed fields, stored here or received from a peer. */
export type HashedSource = Pick<RecordedEvent, 'eventId' | 'streamId' | 'revision' | 'type' | 'schemaVersion' | 'data'> & {
  readonly metadata: Pick<
    RecordedEvent['metadata'],
    'actor' | 'actorNode' | 'originNode' | 'correlationId' | 'causationId' | 'occurredAt' | 'prevHash'
  >;
};

export function hashedFieldsOf(e: HashedSource): HashedFields {
  const m = e.metadata;
  return {
    eventId: e.eventId,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    actor: m.actor,
    actorNode: m.actorNode,
    originNode: m.originNode,
    correlationId: m.correlationId,
    causationId: m.causationId,
    occurredAt: m.occurredAt,
    prevHash: m.prevHash,
  };
}

export type ChainBreak = {
  readonly ok: false;
  readonly streamId: string;
  readonly revision: number;
  /** `revision`: not contiguous; `prevHash`: does not link to the previous hash; `hash`: content altered. */
  readonly reason: 'revision' | 'prevHash' | 'hash';
  readonly expected: string;
  readonly actual: string;
};
export type ChainVerdict = { readonly ok: true } | ChainBreak;

/**
 * Checks each stream's chain in the order given (events of several streams may interleave, as in
 * the global log). Returns the first broken link.
 */
export function verifyChain(events: Iterable<RecordedEvent>): ChainVerdict {
  const heads = new Map<string, { revision: number; hash: string }>();
  for (const e of events) {
    const head = heads.get(e.streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const fail = (reason: ChainBreak['reason'], expected: string, actual: string): ChainBreak => ({
      ok: false,
      streamId: e.streamId,
      revision: e.revision,
      reason,
      expected,
      actual,
    });
    if (e.revision !== head.revision + 1) return fail('revision', String(head.revision + 1), String(e.revision));
    if (e.metadata.prevHash !== head.hash) return fail('prevHash', head.hash, e.metadata.prevHash);
    const hash = hashEvent(hashedFieldsOf(e));
    if (hash !== e.metadata.hash) return fail('hash', hash, e.metadata.hash);
    heads.set(e.streamId, { revision: e.revision, hash });
  }
  return { ok: true };
}
