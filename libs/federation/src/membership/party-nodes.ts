import { upcast } from '@ketnoi/domain';

/** The fields of an agreement event that say who is party to it. */
export interface MembershipEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * The party nodes of an agreement after `event`, from those before it. Only three facts change
 * membership (drafted, invited, withdrawn); everything else leaves it as it was. Read through the
 * domain's upcasters so an older peer's event counts the same; a type this code does not know
 * (a newer peer's) cannot change membership.
 */
export function partiesAfter(before: ReadonlySet<string>, event: MembershipEvent): Set<string> {
  const after = new Set(before);
  if (event.type !== 'AgreementDrafted' && event.type !== 'PartyInvited' && event.type !== 'PartyWithdrawn') return after;
  const e = upcast(event);
  switch (e.type) {
    case 'AgreementDrafted':
      return new Set(e.data.parties.map((p) => p.nodeId));
    case 'PartyInvited':
      after.add(e.data.party.nodeId);
      return after;
    case 'PartyWithdrawn':
      after.delete(e.data.nodeId);
      return after;
    default:
      return after;
  }
}

/** Party nodes after folding the whole list, in order. */
export const partiesOf = (events: Iterable<MembershipEvent>): Set<string> => {
  let parties = new Set<string>();
  for (const e of events) parties = partiesAfter(parties, e);
  return parties;
};
