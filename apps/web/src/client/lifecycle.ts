// The domain's own rules, not a copy: lifecycle.ts has only type imports besides its tables.
import {
  isAllowedIn,
  isEndorsementCommand,
  type ExistingAgreementCommandType,
} from '../../../../libs/domain/src/agreement/lifecycle.js';
import type { Agreement } from './api.js';
import type { Claims } from './session.js';

/**
 * What the agreement page offers: the domain's lifecycle table (the statuses each command is
 * accepted in, which `decide` enforces) intersected with what the user's role may do. The hub
 * enforces both; this only avoids offering what would be refused.
 */
export type ActionName =
  | 'propose'
  | 'countersign'
  | 'activate'
  | 'commitFunding'
  | 'disburse'
  | 'planMilestone'
  | 'reportMilestone'
  | 'suspend'
  | 'resume'
  | 'renew'
  | 'complete'
  | 'terminate'
  | 'recordNote';

/** The domain command each action sends. */
const COMMAND_OF = {
  propose: 'ProposeAgreement',
  countersign: 'CountersignAgreement',
  activate: 'ActivateAgreement',
  commitFunding: 'CommitFunding',
  disburse: 'DisburseFunds',
  planMilestone: 'PlanMilestone',
  reportMilestone: 'ReportMilestone',
  suspend: 'SuspendAgreement',
  resume: 'ResumeAgreement',
  renew: 'RenewAgreement',
  complete: 'CompleteAgreement',
  terminate: 'TerminateAgreement',
  recordNote: 'RecordNote',
} as const satisfies Record<ActionName, ExistingAgreementCommandType>;

const ACTIONS = Object.keys(COMMAND_OF) as ActionName[];

/** A partner writes only its own endorsements: countersignature, milestone report, note. */
const PARTNER_ACTIONS: readonly ActionName[] = ACTIONS.filter((action) =>
  isEndorsementCommand(COMMAND_OF[action]),
);

export interface Offer {
  readonly actions: readonly ActionName[];
  /** Party node ids the user may countersign for now. */
  readonly countersignFor: readonly string[];
}

/** `claims` undefined: no token (the hub then decides alone); offer what the lifecycle allows. */
export function offerFor(agreement: Agreement, claims: Claims | undefined): Offer {
  const byStatus = ACTIONS.filter((action) => isAllowedIn(COMMAND_OF[action], agreement.status));
  const pending = agreement.parties
    .filter((party) => !party.countersigned && !party.withdrawn)
    .map((p) => p.nodeId);
  const isParty = (node: string) =>
    agreement.parties.some((party) => party.nodeId === node && !party.withdrawn);

  let actions: ActionName[];
  let countersignFor: string[];
  if (!claims) {
    actions = byStatus;
    countersignFor = pending;
  } else if (claims.role === 'auditor' || !isParty(claims.node)) {
    // An auditor writes nothing; anyone else acts only on agreements its node is party to.
    actions = [];
    countersignFor = [];
  } else if (claims.role === 'partner') {
    actions = byStatus.filter((action) => PARTNER_ACTIONS.includes(action));
    countersignFor = pending.filter((node) => node === claims.node);
  } else if (claims.role === 'admin') {
    // An admin also records countersignatures of parties that run no node of their own (the hub
    // refuses those that do: it knows its trust registry, the browser does not).
    actions = byStatus;
    countersignFor = pending;
  } else {
    actions = byStatus;
    countersignFor = pending.filter((node) => node === claims.node);
  }
  if (countersignFor.length === 0) actions = actions.filter((action) => action !== 'countersign');
  if (!agreement.milestones.some((m) => m.status === 'PLANNED')) {
    actions = actions.filter((action) => action !== 'reportMilestone');
  }
  return { actions, countersignFor };
}

/** Whether the user may draft agreements at all (auditors and partners may not). */
export const mayDraft = (claims: Claims | undefined): boolean =>
  !claims || claims.role === 'officer' || claims.role === 'admin';
