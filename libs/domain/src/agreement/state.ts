import type { AgreementKind, IsoDate, MilestoneOutcome, NodeId, Party, Translations } from './vocabulary.js';

/** A party as the agreement knows it: who, whether they countersigned, whether they left. */
export interface PartyState extends Party {
  readonly countersigned: boolean;
  /** The actor who countersigned (the party's officer, or a home officer on its behalf). */
  readonly countersignedBy?: string;
  readonly onBehalf?: boolean;
  /** Withdrawn parties stay listed so history reads right; they count for nothing. */
  readonly withdrawn: boolean;
}

/** Money one donor committed and disbursed in one currency; amounts are canonical decimal strings. */
export interface FundingLine {
  readonly donor: NodeId;
  readonly currency: string;
  readonly committed: string;
  readonly disbursed: string;
}

export type Milestone =
  | {
      readonly status: 'PLANNED';
      readonly milestoneId: string;
      readonly title: string;
      readonly dueDate: IsoDate;
    }
  | {
      readonly status: 'REPORTED';
      readonly milestoneId: string;
      readonly title: string;
      readonly dueDate: IsoDate;
      readonly outcome: MilestoneOutcome;
      readonly reportedBy: NodeId;
      readonly reportedOn: IsoDate;
      readonly note?: string;
    };

export interface DocumentRef {
  readonly documentId: string;
  readonly name: string;
  readonly sha256: string;
  readonly mediaType?: string;
  readonly sizeBytes?: number;
}

/** What every existing agreement has, whatever its status. */
export interface AgreementRecord {
  readonly agreementId: string;
  readonly homeNode: NodeId;
  readonly title: string;
  readonly titleTranslations: Translations;
  readonly description?: string;
  readonly kind: AgreementKind;
  readonly programme?: string;
  readonly themes: readonly string[];
  readonly parties: readonly PartyState[];
  readonly startDate?: IsoDate;
  readonly endDate?: IsoDate;
  readonly funding: readonly FundingLine[];
  readonly milestones: readonly Milestone[];
  readonly documents: readonly DocumentRef[];
  readonly noteIds: readonly string[];
  readonly notes: number;
}

type In<S extends string, X = unknown> = AgreementRecord & { readonly status: S } & X;

interface SignedFacts {
  readonly signedOn: IsoDate;
}
interface ActivatedFacts extends SignedFacts {
  readonly activatedOn: IsoDate;
}

/**
 * The agreement as `evolve` folds it, one member per lifecycle status, each
 * carrying exactly the facts that status implies (a SIGNED agreement has a
 * signedOn, an ACTIVE one also an activatedOn).
 */
export type Agreement =
  | { readonly status: 'NONE' }
  | In<'DRAFT'>
  | In<'PROPOSED'>
  | In<'SIGNED', SignedFacts>
  | In<'ACTIVE', ActivatedFacts>
  | In<'SUSPENDED', ActivatedFacts & { readonly suspensionReason: string }>
  | In<'COMPLETED', ActivatedFacts & { readonly completedOn: IsoDate; readonly summary?: string }>
  // Negotiations can be abandoned, so a terminated agreement may never have been signed.
  | In<
      'TERMINATED',
      Partial<ActivatedFacts> & { readonly terminatedOn: IsoDate; readonly terminationReason: string }
    >
  | In<'EXPIRED', SignedFacts & Partial<ActivatedFacts> & { readonly expiredOn: IsoDate }>;

export type ExistingAgreement = Exclude<Agreement, { status: 'NONE' }>;
export type AgreementIn<S extends ExistingAgreement['status']> = Extract<Agreement, { status: S }>;

export const initialState = (): Agreement => ({ status: 'NONE' });

/** Statuses after which an agreement accepts nothing but notes and documents. */
export const FINAL_STATUSES = ['COMPLETED', 'TERMINATED', 'EXPIRED'] as const;

export const isFinal = (state: Agreement): boolean =>
  (FINAL_STATUSES as readonly string[]).includes(state.status);

/** Parties still in the agreement. */
export const currentParties = (state: AgreementRecord): PartyState[] =>
  state.parties.filter((p) => !p.withdrawn);

export const currentParty = (state: AgreementRecord, nodeId: NodeId): PartyState | undefined =>
  state.parties.find((p) => p.nodeId === nodeId && !p.withdrawn);

export const fundingLine = (
  state: AgreementRecord,
  donor: NodeId,
  currency: string,
): FundingLine | undefined =>
  state.funding.find((line) => line.donor === donor && line.currency === currency);
