import type { ReplicatedEvent } from '../cloudevents/replicated-event.js';
import { verifyHash } from '../keys/signing.js';
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
  if (!verifyHash(publicKey, hash, signature)) {
    return fail('BAD_SIGNATURE', `event ${event.eventId} is not signed by ${originNode}'s key`);
  }
  return { ok: true };
}

const fail = (reason: VerificationFailure, detail: string): Verification => ({ ok: false, reason, detail });
