import { currentParties, type Agreement } from '../agreement/state.js';
import { AGREEMENT_STATUSES } from '../agreement/vocabulary.js';
import { isIsoDate } from '../values/dates.js';
import { compareAmounts } from '../values/money.js';

const CANONICAL_AMOUNT = /^(0|[1-9]\d{0,20})(\.\d{1,6})?$/;
const SIGNED_STATUSES = ['SIGNED', 'ACTIVE', 'SUSPENDED', 'COMPLETED', 'EXPIRED'];

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`invariant broken: ${message}`);
}

function unique(values: readonly string[], what: string): void {
  check(new Set(values).size === values.length, `${what} are not unique: ${values.join(', ')}`);
}

/** Throws when the state breaks a rule the decider promises to keep. */
export function assertInvariants(state: Agreement): void {
  if (state.status === 'NONE') return;
  check((AGREEMENT_STATUSES as readonly string[]).includes(state.status), `unknown status ${state.status}`);

  const parties = currentParties(state);
  check(parties.length >= 2, `only ${parties.length} current parties`);
  unique(
    state.parties.map((p) => p.nodeId),
    'party node ids',
  );
  check(
    parties.some((p) => p.nodeId === state.homeNode),
    `home node ${state.homeNode} is not a current party`,
  );

  const signedOn = 'signedOn' in state ? state.signedOn : undefined;
  if (SIGNED_STATUSES.includes(state.status))
    check(signedOn !== undefined, `${state.status} without signedOn`);
  if (signedOn !== undefined) {
    const missing = parties.filter((p) => !p.countersigned).map((p) => p.nodeId);
    check(missing.length === 0, `signed without the countersignatures of ${missing.join(', ')}`);
  }
  if (state.status === 'ACTIVE' || state.status === 'SUSPENDED' || state.status === 'COMPLETED') {
    check(state.activatedOn !== undefined, `${state.status} without activatedOn`);
  }

  for (const line of state.funding) {
    const label = `${line.donor} ${line.currency}`;
    check(
      CANONICAL_AMOUNT.test(line.committed) && CANONICAL_AMOUNT.test(line.disbursed),
      `${label}: amounts not canonical`,
    );
    check(
      compareAmounts(line.disbursed, line.committed) <= 0,
      `${label}: disbursed ${line.disbursed} > committed ${line.committed}`,
    );
    check(
      parties.some((p) => p.nodeId === line.donor),
      `${label}: donor is not a current party`,
    );
  }
  unique(
    state.funding.map((l) => `${l.donor}/${l.currency}`),
    'funding lines',
  );

  const ordered = (earlier: string | undefined, later: string | undefined, what: string): void => {
    for (const date of [earlier, later])
      check(date === undefined || isIsoDate(date), `${what}: ${date} is not a date`);
    check(
      earlier === undefined || later === undefined || earlier <= later,
      `${what}: ${earlier} after ${later}`,
    );
  };
  ordered(state.startDate, state.endDate, 'startDate/endDate');
  const activatedOn = 'activatedOn' in state ? state.activatedOn : undefined;
  ordered(signedOn, activatedOn, 'signedOn/activatedOn');
  if (state.status === 'COMPLETED') ordered(activatedOn, state.completedOn, 'activatedOn/completedOn');

  unique(
    state.milestones.map((m) => m.milestoneId),
    'milestone ids',
  );
  for (const m of state.milestones)
    check(isIsoDate(m.dueDate), `milestone ${m.milestoneId} due ${m.dueDate}`);
  unique(
    state.documents.map((d) => d.documentId),
    'document ids',
  );
  unique([...state.noteIds], 'note ids');
  check(state.notes === state.noteIds.length, 'notes count differs from note ids');
}
