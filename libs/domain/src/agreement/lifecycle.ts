import type { AgreementCommandType } from './commands.js';
import type { AgreementEventType } from './events.js';
import type { AgreementStatus } from './vocabulary.js';

// The rules of an agreement's life, as data: `decide` enforces them, and every edge (the
// partner flow, access control, the web client's offers) reads them from here. Type-only
// imports, so that the browser bundle takes this file alone.

/** Statuses in which the agreement is still open (not final). */
export const OPEN_STATUSES = ['DRAFT', 'PROPOSED', 'SIGNED', 'ACTIVE', 'SUSPENDED'] as const;
/** Statuses before signature: the parties and terms are still negotiated. */
export const NEGOTIATING = ['DRAFT', 'PROPOSED'] as const;
/** Statuses in which the agreement binds its parties. */
export const IN_FORCE = ['SIGNED', 'ACTIVE', 'SUSPENDED'] as const;
/** Every status of an existing agreement: notes and documents are accepted in all of them. */
export const EVERY_STATUS = [...OPEN_STATUSES, 'COMPLETED', 'TERMINATED', 'EXPIRED'] as const;

/** The statuses each command on an existing agreement is accepted in. */
export const ALLOWED_IN = {
  InviteParty: NEGOTIATING,
  WithdrawParty: NEGOTIATING,
  AmendTerms: NEGOTIATING,
  ProposeAgreement: ['DRAFT'],
  CountersignAgreement: ['PROPOSED'],
  ActivateAgreement: ['SIGNED'],
  PlanMilestone: OPEN_STATUSES,
  ReportMilestone: IN_FORCE,
  CommitFunding: ['DRAFT', 'PROPOSED', 'SIGNED', 'ACTIVE'],
  DisburseFunds: ['SIGNED', 'ACTIVE'],
  SuspendAgreement: ['ACTIVE'],
  ResumeAgreement: ['SUSPENDED'],
  RenewAgreement: IN_FORCE,
  CompleteAgreement: ['ACTIVE'],
  TerminateAgreement: OPEN_STATUSES,
  ExpireAgreement: IN_FORCE,
  AttachDocument: EVERY_STATUS,
  RecordNote: EVERY_STATUS,
} as const satisfies Record<Exclude<AgreementCommandType, 'DraftAgreement'>, readonly AgreementStatus[]>;

export type ExistingAgreementCommandType = keyof typeof ALLOWED_IN;

export const isAllowedIn = (command: ExistingAgreementCommandType, status: AgreementStatus): boolean =>
  (ALLOWED_IN[command] as readonly AgreementStatus[]).includes(status);

/**
 * What a party may say about an agreement homed on another node (and all a partner token may
 * write): everything else (terms, parties, lifecycle, money, documents) is the home's to decide,
 * one writer per stream.
 */
export const ENDORSEMENT_COMMANDS = [
  'CountersignAgreement',
  'ReportMilestone',
  'RecordNote',
] as const satisfies readonly AgreementCommandType[];

export const isEndorsementCommand = (type: string): type is (typeof ENDORSEMENT_COMMANDS)[number] =>
  (ENDORSEMENT_COMMANDS as readonly string[]).includes(type);

/**
 * The facts an endorsement stream holds. A countersignature decided on a party's node may also
 * complete the signatures (`AgreementSigned`), but signing is the home's decision: its process
 * manager records it when the countersignature arrives, so that event is never written twice.
 */
export const ENDORSEMENT_FACTS = [
  'AgreementCountersigned',
  'MilestoneReported',
  'NoteRecorded',
] as const satisfies readonly AgreementEventType[];

export const isEndorsementFact = (type: string): type is (typeof ENDORSEMENT_FACTS)[number] =>
  (ENDORSEMENT_FACTS as readonly string[]).includes(type);
