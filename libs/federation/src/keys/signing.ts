import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

// Signatures cover the hash as its UTF-8 text (64 hex digits), not the 32 raw bytes: the hash
// string is what travels in metadata and headers, so every side signs exactly what it sees.

/** Ed25519 signature of `hash`, base64url without padding. */
export function signHash(privateKey: KeyObject, hash: string): string {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(
      `privateKey must be an Ed25519 key, got ${privateKey.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  return sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64url');
}

/**
 * True when `signature` (base64url) is the Ed25519 signature of `hash` under `publicKey`.
 * A malformed signature is simply not valid (false); a public key that is not Ed25519 is a
 * configuration error and throws.
 */
export function verifyHash(publicKey: string | KeyObject, hash: string, signature: string): boolean {
  const key = ed25519PublicKey(publicKey);
  if (!isSignatureText(signature)) return false;
  return verify(null, Buffer.from(hash, 'utf8'), key, Buffer.from(signature, 'base64url'));
}

/**
 * `verifyHash` on libuv's thread pool: an Ed25519 verification costs about 120 us of CPU, and a
 * consumed batch's signatures can be checked side by side, off the caller's thread.
 */
export function verifyHashOffThread(publicKey: string | KeyObject, hash: string, signature: string): Promise<boolean> {
  const key = ed25519PublicKey(publicKey);
  if (!isSignatureText(signature)) return Promise.resolve(false);
  return new Promise((resolve, reject) =>
    verify(null, Buffer.from(hash, 'utf8'), key, Buffer.from(signature, 'base64url'), (error, valid) =>
      error ? reject(error) : resolve(valid),
    ),
  );
}

function ed25519PublicKey(publicKey: string | KeyObject): KeyObject {
  const key = typeof publicKey === 'string' ? createPublicKey({ key: publicKey, format: 'pem' }) : publicKey;
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`publicKey must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key;
}

const isSignatureText = (signature: string): boolean => /^[A-Za-z0-9_-]{86}$/.test(signature); // 64 bytes in base64url
