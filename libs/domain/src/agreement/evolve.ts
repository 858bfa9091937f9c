import type { AgreementEvent } from './events.js';
import { addAmounts } from '../values/money.js';
import {
  initialState,
  type Agreement,
  type AgreementRecord,
  type ExistingAgreement,
  type FundingLine,
  type PartyState,
} from './state.js';

/**
 * Applies one recorded fact. Total and never throwing: `decide` only records
 * events that fit, and a stream that arrives with an event that does not fit
 * the status (which the hash chain and inbound checks exist to prevent) leaves
 * the state as it was rather than inventing facts such as a missing signedOn.
 */
export function evolve(state: Agreement, event: AgreementEvent): Agreement {
  if (event.type === 'AgreementDrafted') {
    if (state.status !== 'NONE') return state;
    const { parties, ...terms } = event.data;
    return {
      ...terms,
      status: 'DRAFT',
      parties: parties.map((party) => ({ ...party, countersigned: false, withdrawn: false })),
      funding: [],
      milestones: [],
      documents: [],
      noteIds: [],
      notes: 0,
    };
  }
  if (state.status === 'NONE') return state;
  return evolveExisting(state, event);
}

function evolveExisting(
  state: ExistingAgreement,
  event: Exclude<AgreementEvent, { type: 'AgreementDrafted' }>,
): Agreement {
  switch (event.type) {
    case 'PartyInvited': {
      const invited: PartyState = { ...event.data.party, countersigned: false, withdrawn: false };
      const others = state.parties.filter((p) => p.nodeId !== invited.nodeId);
      return { ...state, parties: [...others, invited] };
    }
    case 'PartyWithdrawn':
      return withParties(state, (p) => (p.nodeId === event.data.nodeId ? { ...p, withdrawn: true } : p));
    case 'TermsAmended': {
      const amended = { ...state, ...event.data.changes };
      // Countersignatures were given to the old terms; see decide/drafting.ts.
      return state.status === 'PROPOSED' ? withParties(amended, clearCountersignature) : amended;
    }
    case 'AgreementProposed':
      return state.status === 'DRAFT' ? { ...state, status: 'PROPOSED' } : state;
    case 'AgreementCountersigned': {
      const { party, signedBy, onBehalf } = event.data;
      return withParties(state, (p) =>
        p.nodeId === party ? { ...p, countersigned: true, countersignedBy: signedBy, onBehalf } : p,
      );
    }
    case 'AgreementSigned':
      return state.status === 'PROPOSED'
        ? { ...state, status: 'SIGNED', signedOn: event.data.signedOn }
        : state;
    case 'AgreementActivated':
      return state.status === 'SIGNED'
        ? { ...state, status: 'ACTIVE', activatedOn: event.data.activatedOn }
        : state;
    case 'MilestonePlanned':
      return { ...state, milestones: [...state.milestones, { status: 'PLANNED', ...event.data }] };
    case 'MilestoneReported': {
      const { milestoneId, ...report } = event.data;
      const milestones = state.milestones.map((m) =>
        m.milestoneId === milestoneId ? { ...m, ...report, status: 'REPORTED' as const } : m,
      );
      return { ...state, milestones };
    }
    case 'FundingCommitted':
      return addFunding(
        state,
        event.data.donor,
        event.data.amount.currency,
        event.data.amount.amount,
        'committed',
      );
    case 'FundsDisbursed':
      return addFunding(
        state,
        event.data.donor,
        event.data.amount.currency,
        event.data.amount.amount,
        'disbursed',
      );
    case 'AgreementSuspended':
      return state.status === 'ACTIVE'
        ? { ...state, status: 'SUSPENDED', suspensionReason: event.data.reason }
        : state;
    case 'AgreementResumed': {
      if (state.status !== 'SUSPENDED') return state;
      const { suspensionReason: _lifted, ...resumed } = state;
      return { ...resumed, status: 'ACTIVE' };
    }
    case 'AgreementRenewed':
      return { ...state, endDate: event.data.newEndDate };
    case 'AgreementCompleted':
      if (state.status !== 'ACTIVE') return state;
      return {
        ...state,
        status: 'COMPLETED',
        completedOn: event.data.completedOn,
        ...optional('summary', event.data.summary),
      };
    case 'AgreementTerminated': {
      if (state.status === 'COMPLETED' || state.status === 'TERMINATED' || state.status === 'EXPIRED')
        return state;
      const { suspensionReason: _ended, ...rest } = state as ExistingAgreement & {
        suspensionReason?: string;
      };
      return {
        ...rest,
        status: 'TERMINATED',
        terminatedOn: event.data.terminatedOn,
        terminationReason: event.data.reason,
      };
    }
    case 'AgreementExpired': {
      if (state.status !== 'SIGNED' && state.status !== 'ACTIVE' && state.status !== 'SUSPENDED')
        return state;
      const { suspensionReason: _ended, ...rest } = state as typeof state & { suspensionReason?: string };
      return { ...rest, status: 'EXPIRED', expiredOn: event.data.expiredOn };
    }
    case 'DocumentAttached':
      return { ...state, documents: [...state.documents, { ...event.data }] };
    case 'NoteRecorded':
      return { ...state, noteIds: [...state.noteIds, event.data.noteId], notes: state.notes + 1 };
    default:
      return unreachable(event, state);
  }
}

/** Replays a stream from the beginning. */
export const fold = (events: Iterable<AgreementEvent>): Agreement => {
  let state = initialState();
  for (const event of events) state = evolve(state, event);
  return state;
};

function withParties<S extends AgreementRecord>(state: S, change: (party: PartyState) => PartyState): S {
  return { ...state, parties: state.parties.map(change) };
}

function clearCountersignature({
  countersignedBy: _by,
  onBehalf: _onBehalf,
  ...party
}: PartyState): PartyState {
  return { ...party, countersigned: false };
}

function addFunding<S extends AgreementRecord>(
  state: S,
  donor: string,
  currency: string,
  amount: string,
  column: 'committed' | 'disbursed',
): S {
  // Only a malformed foreign event could fail these; it is ignored, not fatal.
  if (!/^\d{1,20}(\.\d{1,6})?$/.test(amount) || !/^[A-Z]{3}$/.test(currency)) return state;
  const existing = state.funding.find((l) => l.donor === donor && l.currency === currency);
  const line: FundingLine = existing ?? { donor, currency, committed: '0', disbursed: '0' };
  const updated = { ...line, [column]: addAmounts(line[column], amount, currency) };
  const funding = existing
    ? state.funding.map((l) => (l === existing ? updated : l))
    : [...state.funding, updated];
  return { ...state, funding };
}

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

// An event type added to the union without a case here fails to compile;
// one from a newer peer that slipped past upcasting is ignored, not fatal.
function unreachable(event: never, state: Agreement): Agreement {
  void event;
  return state;
}
