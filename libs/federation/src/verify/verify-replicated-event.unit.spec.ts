import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import { decodeMessage } from '../cloudevents/decode-event.js';
import { encodeEvent } from '../cloudevents/encode-event.js';
import { fundingCommitted } from '../cloudevents/fixtures.js';
import type { ReplicatedEvent } from '../cloudevents/replicated-event.js';
import { signHash } from '../keys/signing.js';
import { parseTrustRegistry } from '../trust/trust-registry.js';
import { verifyReplicatedEvent, verifyReplicatedEventOffThread, type HashEvent } from './verify-replicated-event.js';

// docs/design.md's rule, written out here so this test does not wait for the event store's `hashEvent`:
// SHA-256 over the JCS encoding of what the origin decided.
const hashEvent: HashEvent = (e) =>
  createHash('sha256')
    .update(
      canonicalize({
        eventId: e.eventId,
        streamId: e.streamId,
        revision: e.revision,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        actor: e.metadata.actor,
        actorNode: e.metadata.actorNode,
        originNode: e.metadata.originNode,
        correlationId: e.metadata.correlationId,
        causationId: e.metadata.causationId,
        occurredAt: e.metadata.occurredAt,
        prevHash: e.metadata.prevHash,
      })!,
    )
    .digest('hex');

const canTho = generateKeyPairSync('ed25519');
const impostor = generateKeyPairSync('ed25519');
const registry = parseTrustRegistry({
  'vn-can-tho': {
    name: 'Cần Thơ City People’s Committee',
    publicKey: canTho.publicKey.export({ type: 'spki', format: 'pem' }),
  },
});

/** The fixture as its origin would send it: real hash, signed with `key`. */
function signedBy(
  key: typeof canTho.privateKey,
  change: (e: ReplicatedEvent) => ReplicatedEvent = (e) => e,
): ReplicatedEvent {
  const base = change(decodeMessage(encodeEvent(fundingCommitted, { sourceNode: 'vn-can-tho' })));
  const hash = hashEvent(base);
  return { ...base, metadata: { ...base.metadata, hash, signature: signHash(key, hash) } };
}

describe('verifyReplicatedEvent', () => {
  it('accepts an event signed by its origin, after a trip through the Kafka codec', () => {
    const sent = signedBy(canTho.privateKey);
    const received = decodeMessage(encodeEvent(sent, { sourceNode: 'vn-can-tho' }));
    expect(verifyReplicatedEvent(received, registry, hashEvent)).toEqual({ ok: true });
  });

  it('refuses an origin that is not in the trust registry', () => {
    const event = signedBy(canTho.privateKey, (e) => ({
      ...e,
      metadata: { ...e.metadata, originNode: 'vn-hue' },
    }));
    expect(verifyReplicatedEvent(event, registry, hashEvent)).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_NODE',
    });
  });

  it('refuses content that no longer matches its hash (the money amount altered in transit)', () => {
    const event = signedBy(canTho.privateKey);
    const data = event.data as { amount: { amount: string } };
    const tampered = { ...event, data: { ...data, amount: { ...data.amount, amount: '1011800000001' } } };
    expect(verifyReplicatedEvent(tampered, registry, hashEvent)).toMatchObject({
      ok: false,
      reason: 'HASH_MISMATCH',
    });
  });

  it('refuses a correct hash signed by another key', () => {
    expect(verifyReplicatedEvent(signedBy(impostor.privateKey), registry, hashEvent)).toMatchObject({
      ok: false,
      reason: 'BAD_SIGNATURE',
      detail: expect.stringContaining("not signed by vn-can-tho's key"),
    });
  });

  it('refuses an unsigned event', () => {
    const { signature: _signature, ...metadata } = signedBy(canTho.privateKey).metadata;
    const unsigned = { ...signedBy(canTho.privateKey), metadata };
    expect(verifyReplicatedEvent(unsigned, registry, hashEvent)).toMatchObject({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });
});

describe('verifyReplicatedEventOffThread', () => {
  it('gives the same verdict as the check on the caller\'s thread, for the genuine event and for each forgery', async () => {
    const { signature: _signature, ...unsignedMetadata } = signedBy(canTho.privateKey).metadata;
    const events = {
      genuine: signedBy(canTho.privateKey),
      unknownOrigin: signedBy(canTho.privateKey, (e) => ({ ...e, metadata: { ...e.metadata, originNode: 'vn-hue' } })),
      tampered: { ...signedBy(canTho.privateKey), data: { altered: true } },
      otherKey: signedBy(impostor.privateKey),
      garbledSignature: { ...signedBy(canTho.privateKey), metadata: { ...signedBy(canTho.privateKey).metadata, signature: 'not base64url!' } },
      unsigned: { ...signedBy(canTho.privateKey), metadata: unsignedMetadata },
    };

    const offThread = await Promise.all(Object.values(events).map((e) => verifyReplicatedEventOffThread(e, registry, hashEvent)));

    expect(offThread).toEqual(Object.values(events).map((e) => verifyReplicatedEvent(e, registry, hashEvent)));
    expect(offThread.map((v) => (v.ok ? 'ok' : v.reason))).toEqual(['ok', 'UNKNOWN_NODE', 'HASH_MISMATCH', 'BAD_SIGNATURE', 'BAD_SIGNATURE', 'BAD_SIGNATURE']);
  });
});
