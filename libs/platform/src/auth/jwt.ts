import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Actor } from '../node-context.js';
import { actorFromClaims, InvalidClaimError, type Role } from './claims.js';

export interface TokenRequest {
  readonly role: Role;
  readonly node: string;
  /** @defaultValue `<role>@<node>` */
  readonly sub?: string;
  /** Lifetime in seconds. @defaultValue 3600 */
  readonly ttlSeconds?: number;
}

/** A token signed with this node's Ed25519 key (EdDSA), the default issuer of a node's tokens. */
export async function mintToken(request: TokenRequest, privateKey: KeyObject): Promise<string> {
  const ttl = request.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new TypeError('ttl: must be a positive number of seconds');
  return new SignJWT({ role: request.role, node: request.node })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(request.sub ?? `${request.role}@${request.node}`)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(privateKey);
}

/** Where a node finds the keys its tokens are checked against. */
export type TokenKeys =
  | { readonly kind: 'node-key'; readonly privateKey: KeyObject }
  | { readonly kind: 'jwks'; readonly url: string };

export interface TokenVerifierOptions {
  readonly issuer?: string;
  readonly audience?: string;
}

/** Why a bearer token was refused, in words a client can act on (never the token itself). */
export class TokenRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TokenRejectedError';
  }
}

export type TokenVerifier = (token: string) => Promise<Actor>;

/**
 * Checks signature (EdDSA for the node key; the JWKS's own algorithms, never `none`), `exp`
 * (required), `nbf`, issuer and audience when configured, then the Kết nối claims.
 */
export function createTokenVerifier(keys: TokenKeys, options: TokenVerifierOptions = {}): TokenVerifier {
  const key: KeyObject | JWTVerifyGetKey =
    keys.kind === 'node-key' ? createPublicKey(keys.privateKey) : createRemoteJWKSet(new URL(keys.url));
  const algorithms = keys.kind === 'node-key' ? ['EdDSA'] : ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];
  // A client sends the same token with every request until it expires: remember the tokens that
  // verified, so a signature is checked once per token, not once per request. Only successes are
  // kept, never past their `exp`; a JWKS answer is kept briefly so a key the provider withdraws
  // stops working within a minute.
  const verified = new LRUCache<string, Actor>({ max: 10_000 });
  const longest = keys.kind === 'node-key' ? 10 * 60_000 : 60_000;
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, key as KeyObject, {
        algorithms,
        requiredClaims: ['exp', 'sub'],
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
      });
      const actor = actorFromClaims(payload as Record<string, unknown>);
      const ttl = Math.min(longest, payload.exp! * 1000 - Date.now());
      if (ttl > 0) verified.set(token, actor, { ttl });
      return actor;
    } catch (error) {
      throw new TokenRejectedError(reasonOf(error));
    }
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof InvalidClaimError) return error.message;
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'token not yet valid';
    return `claim ${error.claim} ${error.reason === 'missing' ? 'is missing' : 'is invalid'}`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  if (error instanceof errors.JOSEError) return `token invalid (${error.code})`;
  return 'token invalid';
}
