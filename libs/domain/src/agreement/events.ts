import type {
  AgreementKind,
  IsoDate,
  MilestoneOutcome,
  Money,
  NodeId,
  Party,
  Translations,
} from './vocabulary.js';

/**
 * Every fact the hub records about an agreement. The `type` strings and the
 * shapes of `data` are persisted and federated: change them only with a new
 * schemaVersion and an upcaster (see upcasting.ts).
 */
export type AgreementEvent =
  | AgreementDrafted
  | PartyInvited
  | PartyWithdrawn
  | TermsAmended
  | AgreementProposed
  | AgreementCountersigned
  | AgreementSigned
  | AgreementActivated
  | MilestonePlanned
  | MilestoneReported
  | FundingCommitted
  | FundsDisbursed
  | AgreementSuspended
  | AgreementResumed
  | AgreementRenewed
  | AgreementCompleted
  | AgreementTerminated
  | AgreementExpired
  | DocumentAttached
  | NoteRecorded;

export type AgreementEventType = AgreementEvent['type'];

type Event<T extends string, D> = { readonly type: T; readonly data: D };

export type AgreementDrafted = Event<
  'AgreementDrafted',
  {
    agreementId: string;
    /** The node that drafted the agreement and is the only writer of its stream. */
    homeNode: NodeId;
    title: string;
    titleTranslations: Translations;
    description?: string;
    kind: AgreementKind;
    programme?: string;
    themes: string[];
    parties: Party[];
    startDate?: IsoDate;
    endDate?: IsoDate;
  }
>;
export type PartyInvited = Event<'PartyInvited', { party: Party }>;
export type PartyWithdrawn = Event<'PartyWithdrawn', { nodeId: NodeId; reason: string }>;
export type TermsAmended = Event<
  'TermsAmended',
  {
    /** Only the terms that changed. */
    changes: {
      title?: string;
      titleTranslations?: Translations;
      description?: string;
      kind?: AgreementKind;
      programme?: string;
      themes?: string[];
      startDate?: IsoDate;
      endDate?: IsoDate;
    };
    reason?: string;
  }
>;
export type AgreementProposed = Event<'AgreementProposed', Record<string, never>>;
export type AgreementCountersigned = Event<
  'AgreementCountersigned',
  {
    party: NodeId;
    /** Who signed: the party's own officer, or an officer of the home node on behalf of a party without a node. */
    signedBy: string;
    onBehalf: boolean;
  }
>;
export type AgreementSigned = Event<'AgreementSigned', { signedOn: IsoDate }>;
export type AgreementActivated = Event<'AgreementActivated', { activatedOn: IsoDate }>;
export type MilestonePlanned = Event<
  'MilestonePlanned',
  { milestoneId: string; title: string; dueDate: IsoDate }
>;
export type MilestoneReported = Event<
  'MilestoneReported',
  { milestoneId: string; outcome: MilestoneOutcome; reportedBy: NodeId; reportedOn: IsoDate; note?: string }
>;
export type FundingCommitted = Event<
  'FundingCommitted',
  { donor: NodeId; amount: Money; committedOn: IsoDate }
>;
export type FundsDisbursed = Event<
  'FundsDisbursed',
  { donor: NodeId; amount: Money; disbursedOn: IsoDate }
>;
export type AgreementSuspended = Event<'AgreementSuspended', { reason: string }>;
export type AgreementResumed = Event<'AgreementResumed', { reason?: string }>;
export type AgreementRenewed = Event<
  'AgreementRenewed',
  { previousEndDate?: IsoDate; newEndDate: IsoDate; reason?: string }
>;
export type AgreementCompleted = Event<'AgreementCompleted', { completedOn: IsoDate; summary?: string }>;
export type AgreementTerminated = Event<'AgreementTerminated', { reason: string; terminatedOn: IsoDate }>;
export type AgreementExpired = Event<'AgreementExpired', { expiredOn: IsoDate }>;
export type DocumentAttached = Event<
  'DocumentAttached',
  {
    documentId: string;
    name: string;
    /** SHA-256 of the file, lower-case hex. The hub stores the digest, never the file. */
    sha256: string;
    mediaType?: string;
    sizeBytes?: number;
  }
>;
export type NoteRecorded = Event<'NoteRecorded', { noteId: string; text: string }>;

/** Every event type, for exhaustive checks, upcasters and the CloudEvents `ce_type`. */
export const AGREEMENT_EVENT_TYPES = [
  'AgreementDrafted',
  'PartyInvited',
  'PartyWithdrawn',
  'TermsAmended',
  'AgreementProposed',
  'AgreementCountersigned',
  'AgreementSigned',
  'AgreementActivated',
  'MilestonePlanned',
  'MilestoneReported',
  'FundingCommitted',
  'FundsDisbursed',
  'AgreementSuspended',
  'AgreementResumed',
  'AgreementRenewed',
  'AgreementCompleted',
  'AgreementTerminated',
  'AgreementExpired',
  'DocumentAttached',
  'NoteRecorded',
] as const satisfies readonly AgreementEventType[];
