import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Json, OriginMetadata } from '../port/index.js';

/**
 * DESIGN.md's per-stream hash: SHA-256 over the JCS encoding of what the origin decided, with the
 * stream's previous hash. Kept here, one function, only until `hash-chain/` lands in this library:
 * then this file becomes a re-export of its `hashEvent`/`GENESIS_HASH` so both adapters share one rule.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashInput {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Json;
  readonly metadata: OriginMetadata & { readonly prevHash: string };
}

export function hashEvent(e: HashInput): string {
  const m = e.metadata;
  const canonical = canonicalize({
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
  });
  if (canonical === undefined) throw new TypeError(`event ${e.eventId}: data is not JSON`);
  return createHash('sha256').update(canonical).digest('hex');
}
