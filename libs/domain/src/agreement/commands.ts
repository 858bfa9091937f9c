import type {
  AgreementKind,
  IsoDate,
  IsoInstant,
  MilestoneOutcome,
  Money,
  NodeId,
  Party,
  Translations,
} from './vocabulary.js';

/**
 * What a command knows of who asks and when. Time and ids come in from the edge
 * so that `decide` stays deterministic.
 */
export interface CommandMetadata {
  /** The person or system acting (JWT `sub`). */
  readonly actor: string;
  /** The node the actor belongs to. */
  readonly actorNode: NodeId;
  /** The clock at the edge; `decide` derives dates (signedOn, ...) from it. */
  readonly now: IsoInstant;
}

type Command<T extends string, D> = { readonly type: T; readonly data: D; readonly metadata: CommandMetadata };

export type AgreementCommand =
  | DraftAgreement
  | InviteParty
  | WithdrawParty
  | AmendTerms
  | ProposeAgreement
  | CountersignAgreement
  | ActivateAgreement
  | PlanMilestone
  | ReportMilestone
  | CommitFunding
  | DisburseFunds
  | SuspendAgreement
  | ResumeAgreement
  | RenewAgreement
  | CompleteAgreement
  | TerminateAgreement
  | ExpireAgreement
  | AttachDocument
  | RecordNote;

export type AgreementCommandType = AgreementCommand['type'];

export type DraftAgreement = Command<
  'DraftAgreement',
  {
    agreementId: string;
    title: string;
    titleTranslations?: Translations;
    description?: string;
    kind: AgreementKind;
    programme?: string;
    themes?: string[];
    parties: Party[];
    startDate?: IsoDate;
    endDate?: IsoDate;
  }
>;
export type InviteParty = Command<'InviteParty', { party: Party }>;
export type WithdrawParty = Command<'WithdrawParty', { nodeId: NodeId; reason: string }>;
export type AmendTerms = Command<
  'AmendTerms',
  {
    title?: string;
    titleTranslations?: Translations;
    description?: string;
    kind?: AgreementKind;
    programme?: string;
    themes?: string[];
    startDate?: IsoDate;
    endDate?: IsoDate;
    reason?: string;
  }
>;
export type ProposeAgreement = Command<'ProposeAgreement', Record<string, never>>;
/** `party` countersigns; when the actor's node is not that party it is a countersignature on behalf. */
export type CountersignAgreement = Command<'CountersignAgreement', { party: NodeId }>;
export type ActivateAgreement = Command<'ActivateAgreement', { activatedOn?: IsoDate }>;
export type PlanMilestone = Command<'PlanMilestone', { milestoneId: string; title: string; dueDate: IsoDate }>;
export type ReportMilestone = Command<
  'ReportMilestone',
  { milestoneId: string; outcome: MilestoneOutcome; note?: string; reportedOn?: IsoDate }
>;
export type CommitFunding = Command<'CommitFunding', { donor: NodeId; amount: Money; committedOn?: IsoDate }>;
export type DisburseFunds = Command<'DisburseFunds', { donor: NodeId; amount: Money; disbursedOn?: IsoDate }>;
export type SuspendAgreement = Command<'SuspendAgreement', { reason: string }>;
export type ResumeAgreement = Command<'ResumeAgreement', { reason?: string }>;
export type RenewAgreement = Command<'RenewAgreement', { newEndDate: IsoDate; reason?: string }>;
export type CompleteAgreement = Command<'CompleteAgreement', { completedOn?: IsoDate; summary?: string }>;
export type TerminateAgreement = Command<'TerminateAgreement', { reason: string; terminatedOn?: IsoDate }>;
/** Recorded when the end date has passed (by an officer or a scheduler); refused before it. */
export type ExpireAgreement = Command<'ExpireAgreement', Record<string, never>>;
export type AttachDocument = Command<
  'AttachDocument',
  { documentId: string; name: string; sha256: string; mediaType?: string; sizeBytes?: number }
>;
export type RecordNote = Command<'RecordNote', { noteId: string; text: string }>;
