// Closed vocabularies of docs/design.md. They are persisted in events: never rename a value.
export const AGREEMENT_KINDS = ['MOU', 'TWINNING', 'GRANT', 'LOAN', 'TECHNICAL_ASSISTANCE', 'PROGRAMME'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const PARTY_ROLES = ['CITY', 'PROVINCE', 'DONOR', 'AGENCY', 'UNIVERSITY', 'NGO', 'ASSOCIATION'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const AGREEMENT_STATUSES = [
  'DRAFT',
  'PROPOSED',
  'SIGNED',
  'ACTIVE',
  'SUSPENDED',
  'COMPLETED',
  'TERMINATED',
  'EXPIRED',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const MILESTONE_OUTCOMES = ['ACHIEVED', 'PARTIALLY_ACHIEVED', 'MISSED'] as const;
export type MilestoneOutcome = (typeof MILESTONE_OUTCOMES)[number];

export const LANGUAGES = ['vi', 'en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Text in the languages an agreement has; `vi`, `en`, `fr` are those the hub's partners use. */
export type Translations = Partial<Record<Language, string>>;

/** An exact decimal amount (string, never a float) in an ISO 4217 currency. */
export interface Money {
  readonly amount: string;
  readonly currency: string;
}

/** ISO 8601 calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** ISO 8601 instant with zone, e.g. `2026-11-22T10:00:00.000Z`. */
export type IsoInstant = string;

/** A node id: lower-case, `[a-z0-9][a-z0-9-]{1,62}`, e.g. `vn-hue`, `fr-nevers`, `org-koica`. */
export type NodeId = string;

export interface Party {
  readonly nodeId: NodeId;
  readonly name: string;
  readonly role: PartyRole;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}
