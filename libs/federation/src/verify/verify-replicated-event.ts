import type { ReplicatedEvent } from '../cloudevents/replicated-event.js';
import type { KeyObject } from 'node:crypto';
import { verifyHash, verifyHashOffThread } from '../keys/signing.js';
import type { TrustRegistry } from '../trust/trust-registry.js';

/**
 * Recomputes an event's hash from the fields the origin decided. The event store owns the rule
 * (`hashEvent` in @ketnoi/event-store: SHA-256 over RFC 8785 JCS); it is passed in so that this
 * library never carries a second copy of it.
 */
export type HashEvent = (event: ReplicatedEvent) => string;

export type VerificationFailure = 'UNKNOWN_NODE' | 'HASH_MISMATCH' | 'BAD_SIGNATURE';

export type Verification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: VerificationFailure; readonly detail: string };

/**
 * Whether a replicated event is exactly what its origin signed: the origin must be in the trust
 * registry, the hash must match the content, and the signature must be the origin's over that hash.
 * The hash is checked before the signature: a valid signature over a hash the content does not
 * produce proves nothing about the content.
 */
export function verifyReplicatedEvent(
  event: ReplicatedEvent,
  registry: TrustRegistry,
  hashEvent: HashEvent,
): Verification {
  const check = checkBeforeSignature(event, registry, hashEvent);
  return 'ok' in check ? check : signatureVerdict(event, verifyHash(check.publicKey, check.hash, check.signature));
}

/** `verifyReplicatedEvent` with the signature checked on libuv's thread pool (see `verifyHashOffThread`). */
export async function verifyReplicatedEventOffThread(
  event: ReplicatedEvent,
  registry: TrustRegistry,
  hashEvent: HashEvent,
): Promise<Verification> {
  const check = checkBeforeSignature(event, registry, hashEvent);
  return 'ok' in check
    ? check
    : signatureVerdict(event, await verifyHashOffThread(check.publicKey, check.hash, check.signature));
}

/** A failure, or what is left to check: the signature over the hash, under the origin's key. */
function checkBeforeSignature(
  event: ReplicatedEvent,
  registry: TrustRegistry,
  hashEvent: HashEvent,
): Verification | { readonly publicKey: KeyObject; readonly hash: string; readonly signature: string } {
  const { originNode, hash, signature } = event.metadata;
  const publicKey = registry.publicKeyOf(originNode);
  if (publicKey === undefined) {
    return fail('UNKNOWN_NODE', `origin node ${originNode} is not in the trust registry`);
  }
  const recomputed = hashEvent(event);
  if (recomputed !== hash) {
    return fail('HASH_MISMATCH', `event ${event.eventId} hashes to ${recomputed}, its metadata says ${hash}`);
  }
  if (signature === undefined) return fail('BAD_SIGNATURE', `event ${event.eventId} carries no signature`);
  return { publicKey, hash, signature };
}

const signatureVerdict = (event: ReplicatedEvent, valid: boolean): Verification =>
  valid ? { ok: true } : fail('BAD_SIGNATURE', `event ${event.eventId} is not signed by ${event.metadata.originNode}'s key`);

const fail = (reason: VerificationFailure, detail: string): Verification => ({ ok: false, reason, detail });
