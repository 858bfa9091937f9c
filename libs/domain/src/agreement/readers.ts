import { DomainError } from '../errors.js';
import type { AgreementEvent } from './events.js';
import { currentParties, type AgreementRecord } from './state.js';
import type { NodeId } from './vocabulary.js';

/**
 * Who may read an agreement as it stands: its home and its current parties. A party that
 * withdrew reads the agreement only as it stood at its withdrawal (`readableCount`); one that
 * never was a party reads nothing. docs/access-control.md states the whole rule.
 */
export const readerNodes = (state: AgreementRecord): NodeId[] =>
  [...new Set([state.homeNode, ...currentParties(state).map((p) => p.nodeId)])].sort();

/**
 * The readers of one event: those before it and those after it. A party sees its own
 * withdrawal (the last event it reads) and its invitation (the first it reads as a party).
 */
export const readersOfChange = (before: AgreementRecord | undefined, after: AgreementRecord): NodeId[] =>
  [...new Set([...(before ? readerNodes(before) : []), ...readerNodes(after)])].sort();

/**
 * The agreement's readers after `event`, from those before it (`readerNodes` of the state the
 * event leads to, without folding the state); `readers` itself when the event changes none.
 */
export function readersAfter(event: AgreementEvent, readers: readonly NodeId[]): readonly NodeId[] {
  switch (event.type) {
    case 'AgreementDrafted':
      return [...new Set([event.data.homeNode, ...event.data.parties.map((p) => p.nodeId)])].sort();
    case 'PartyInvited':
      return [...new Set([...readers, event.data.party.nodeId])].sort();
    case 'PartyWithdrawn':
      return readers.filter((node) => node !== event.data.nodeId);
    default:
      return readers;
  }
}

/**
 * How many of an agreement's events, in revision order, `node` may read: every one while it is
 * the home or a party (a party invited later gets the whole history, as federation's backfill
 * gives it); after it withdrew, those up to and including its withdrawal; none if it never was a
 * party.
 */
export function readableCount(events: readonly AgreementEvent[], node: NodeId): number {
  let readers: readonly NodeId[] = [];
  let upTo = 0;
  events.forEach((event, index) => {
    readers = readersAfter(event, readers);
    if (event.type === 'PartyWithdrawn' && event.data.nodeId === node) upTo = index + 1;
  });
  return readers.includes(node) ? events.length : upTo;
}

/**
 * The one answer for an agreement that does not exist and for one the caller may not see, so
 * that neither its existence nor its revision leaks (docs/access-control.md, rule 4).
 */
export const agreementNotFoundError = (): DomainError =>
  new DomainError('NOT_FOUND', 'the agreement does not exist; draft it first');
