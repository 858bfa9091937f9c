import type { Actor } from '../node-context.js';
import { AccessDeniedError } from '../auth/command-access.js';

type Role = Actor['role'];

/**
 * The caller with the rights this node grants it. Officer, admin and auditor rights hold only
 * for tokens whose `node` is this node: an identity provider shared by cities, or a node that
 * mints tokens for its partners, must not make one city's officer another's. A token of another
 * node acts here at most as that node's partner (docs/access-control.md, rule 1).
 */
export function actorOnNode(actor: Actor, thisNode: string): Actor {
  if (actor.node === thisNode || actor.role === 'partner') return actor;
  return { subject: actor.subject, role: 'partner', node: actor.node, claimedRole: actor.role };
}

/** Said in every refusal of a token whose role this node did not grant, so the caller knows why. */
export const grantedRoleNote = (actor: Actor): string =>
  actor.claimedRole === undefined
    ? ''
    : `; a token of ${actor.node} acts on this node at most as ${actor.node}'s partner (${actor.claimedRole} rights hold only for tokens of this node)`;

/** Refuses (403) a caller whose granted role is not among `roles`, saying what `action` needs. */
export function requireRole(actor: Actor, roles: readonly Role[], action: string): void {
  if (roles.includes(actor.role)) return;
  const names = roles.map((r) => `${r}s`);
  const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  throw new AccessDeniedError(`only this node's ${who} may ${action}${grantedRoleNote(actor)}`);
}
