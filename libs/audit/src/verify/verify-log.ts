import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH, hashEvent, hashedFieldsOf, type EventStore, type RecordedEvent } from '@ketnoi/event-store';
import { verifyHash } from '@ketnoi/federation/keys';

/** One broken link of the trail: where, and what differs. */
export interface ChainBreak {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly globalPosition: string;
  readonly problem: 'hash' | 'prevHash' | 'revision' | 'signature' | 'unsigned' | 'unknown-origin';
  readonly expected?: string;
  readonly found?: string;
}

export interface VerifyReport {
  readonly events: number;
  readonly streams: number;
  /** Events whose chain link, hash and origin signature all verified. */
  readonly signaturesChecked: number;
  readonly breaks: readonly ChainBreak[];
}

/** The public key of an origin node: this node's own, or a partner's from the trust registry. */
export type OriginKeys = (nodeId: string) => KeyObject | string | undefined;

export interface VerifyOptions {
  /** Page size of the log scan. @defaultValue 1000 */
  readonly pageSize?: number;
  /** Stops collecting after this many breaks (the count goes on). @defaultValue 1000 */
  readonly maxBreaks?: number;
}

/**
 * Recomputes every stream's hash chain and checks every signature, scanning the node's log once in
 * pages: memory grows with the number of streams (their last hash), never with the events.
 */
export async function verifyLog(store: EventStore, keys: OriginKeys, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 1000;
  const maxBreaks = options.maxBreaks ?? 1000;
  const heads = new Map<string, { revision: number; hash: string }>();
  const breaks: ChainBreak[] = [];
  let events = 0;
  let signaturesChecked = 0;
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    for (const event of page) {
      events++;
      const found = [...checkEvent(event, heads.get(event.streamId), keys)];
      if (found.length === 0) signaturesChecked++;
      for (const b of found) if (breaks.length < maxBreaks) breaks.push(b);
      heads.set(event.streamId, { revision: event.revision, hash: event.metadata.hash });
    }
    after = page[page.length - 1]!.globalPosition;
  }
  return { events, streams: heads.size, signaturesChecked, breaks };
}

function* checkEvent(
  event: RecordedEvent,
  previous: { revision: number; hash: string } | undefined,
  keys: OriginKeys,
): Generator<ChainBreak> {
  const at = {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    globalPosition: event.globalPosition.toString(),
  };
  const expectedRevision = (previous?.revision ?? -1) + 1;
  if (event.revision !== expectedRevision)
    yield { ...at, problem: 'revision', expected: String(expectedRevision), found: String(event.revision) };
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (event.metadata.prevHash !== expectedPrev)
    yield { ...at, problem: 'prevHash', expected: expectedPrev, found: event.metadata.prevHash };
  const recomputed = hashEvent(hashedFieldsOf(event));
  if (recomputed !== event.metadata.hash) {
    yield { ...at, problem: 'hash', expected: recomputed, found: event.metadata.hash };
    return; // a signature over a hash the content does not produce proves nothing
  }
  const { signature, originNode } = event.metadata;
  if (!signature) {
    yield { ...at, problem: 'unsigned', expected: `a signature by ${originNode}` };
    return;
  }
  const key = keys(originNode);
  if (!key) yield { ...at, problem: 'unknown-origin', expected: `a public key for ${originNode} in the trust registry` };
  else if (!verifyHash(key, event.metadata.hash, signature))
    yield { ...at, problem: 'signature', expected: `a signature by ${originNode}`, found: signature };
}
