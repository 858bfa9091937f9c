import type { Actor } from '../node-context.js';

export const ROLES = ['officer', 'partner', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const NODE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** The claims a Kết nối token must carry, checked after the signature and the times are. */
export function actorFromClaims(claims: Record<string, unknown>): Actor {
  const { sub, role, node } = claims;
  if (typeof sub !== 'string' || sub.trim() === '') throw new InvalidClaimError('sub', 'must be a non-empty string');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
    throw new InvalidClaimError('role', `must be one of ${ROLES.join(', ')}`);
  if (typeof node !== 'string' || !NODE_ID.test(node))
    throw new InvalidClaimError('node', 'must be a node id such as vn-hue');
  return { subject: sub, role: role as Role, node };
}

export class InvalidClaimError extends Error {
  constructor(
    readonly claim: string,
    reason: string,
  ) {
    super(`claim ${claim} ${reason}`);
    this.name = 'InvalidClaimError';
  }
}
