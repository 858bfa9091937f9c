import type { Actor } from '../node-context.js';

/**
 * What a caller may read, as data a query can push down to SQL: everything, or only the
 * agreements a given node is party to. Partners see only their own agreements (issue 5, rule 6);
 * officers, auditors and admins read the whole node, which holds only agreements it is party to.
 */
export type ReadScope = { readonly kind: 'all' } | { readonly kind: 'party'; readonly node: string };

export function readScope(actor: Actor): ReadScope {
  return actor.role === 'partner' ? { kind: 'party', node: actor.node } : { kind: 'all' };
}

/** Whether `actor` may read an agreement whose party nodes are `partyNodeIds`. */
export function mayRead(actor: Actor, partyNodeIds: readonly string[]): boolean {
  const scope = readScope(actor);
  return scope.kind === 'all' || partyNodeIds.includes(scope.node);
}
