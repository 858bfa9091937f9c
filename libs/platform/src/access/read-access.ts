import { readableCount, type AgreementEvent } from '@ketnoi/domain';
import type { Actor } from '../node-context.js';

/**
 * What a caller may read, as data a query can push down to SQL: everything, or only the
 * agreements a given node is party to (and, for one it withdrew from, the agreement as it stood
 * at the withdrawal). Officers, auditors and admins of this node read the whole node, which holds
 * only agreements it is party to; partners, and tokens of other nodes, read as a party.
 */
export type ReadScope = { readonly kind: 'all' } | { readonly kind: 'party'; readonly node: string };

export function readScope(actor: Actor): ReadScope {
  return actor.role === 'partner' ? { kind: 'party', node: actor.node } : { kind: 'all' };
}

/** Whether `actor` may read a change whose readers (`readerNodes`, `readersOfChange`) are `readers`. */
export function mayRead(actor: Actor, readers: readonly string[]): boolean {
  const scope = readScope(actor);
  return scope.kind === 'all' || readers.includes(scope.node);
}

/** How many of an agreement's events (in revision order) the caller may read; 0 answers 404. */
export function readableEventCount(actor: Actor, events: readonly AgreementEvent[]): number {
  const scope = readScope(actor);
  return scope.kind === 'all' ? events.length : readableCount(events, scope.node);
}
