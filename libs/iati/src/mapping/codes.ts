import type { AgreementKind, AgreementStatus, PartyRole } from '@ketnoi/domain';

/**
 * How the hub's vocabulary reads in IATI 2.03 codes. Every code written here is checked
 * against the official code lists (vendored in libs/iati/test-data/codelists) by codes.unit.spec.ts.
 */

/** ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended. */
export const ACTIVITY_STATUS: Readonly<Record<AgreementStatus, string>> = {
  DRAFT: '1',
  PROPOSED: '1',
  SIGNED: '2',
  ACTIVE: '2',
  SUSPENDED: '6',
  // The hub's COMPLETED is the parties' final report: nothing is left to sign off.
  COMPLETED: '4',
  EXPIRED: '4',
  TERMINATED: '5',
};

/** ActivityDateType. */
export const ACTIVITY_DATE = {
  plannedStart: '1',
  actualStart: '2',
  plannedEnd: '3',
  actualEnd: '4',
} as const;

/** TransactionType: 2 outgoing commitment, 3 disbursement. */
export const TRANSACTION_TYPE = { commitment: '2', disbursement: '3' } as const;

/** BudgetType 1 original; BudgetStatus 2 committed (the budget is the sum of commitments). */
export const BUDGET = { type: '1', status: '2' } as const;

/** OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing. */
export const ORGANISATION_ROLE = {
  funding: '1',
  accountable: '2',
  extending: '3',
  implementing: '4',
} as const;

/** A party's IATI role and OrganisationType. */
export const PARTY_ORGANISATION: Readonly<Record<PartyRole, { role: string; type: string }>> = {
  CITY: { role: ORGANISATION_ROLE.implementing, type: '11' }, // Local Government
  PROVINCE: { role: ORGANISATION_ROLE.implementing, type: '11' },
  DONOR: { role: ORGANISATION_ROLE.funding, type: '10' }, // Government
  AGENCY: { role: ORGANISATION_ROLE.extending, type: '10' },
  UNIVERSITY: { role: ORGANISATION_ROLE.implementing, type: '80' }, // Academic, Training and Research
  NGO: { role: ORGANISATION_ROLE.implementing, type: '21' }, // International NGO
  ASSOCIATION: { role: ORGANISATION_ROLE.implementing, type: '22' }, // National NGO
};

/**
 * A party role read back from a foreign file, which carries no hub role: funders are donors,
 * extending organisations agencies, the rest is told apart by organisation type.
 */
export function partyRoleOf(iatiRole: string | undefined, iatiType: string | undefined): PartyRole {
  if (iatiRole === ORGANISATION_ROLE.funding) return 'DONOR';
  if (iatiRole === ORGANISATION_ROLE.extending) return 'AGENCY';
  switch (iatiType) {
    case '11':
      return 'CITY';
    case '80':
      return 'UNIVERSITY';
    case '21':
    case '23':
    case '24':
      return 'NGO';
    case '22':
      return 'ASSOCIATION';
    default:
      return 'AGENCY';
  }
}

/** DAC 5-digit (Sector vocabulary 1). */
export const SECTOR_VOCABULARY_DAC5 = '1';
/** Every agreement of the hub is decentralised cooperation: subnational governments are parties. */
export const DECENTRALISED_COOPERATION = '15112';
export const URBAN_DEVELOPMENT = '43030';

/** Themes that name a DAC sector; themes not listed add no sector. */
export const THEME_SECTORS: Readonly<Record<string, string>> = {
  'smart-city': URBAN_DEVELOPMENT,
  'urban-development': URBAN_DEVELOPMENT,
  'urban-planning': URBAN_DEVELOPMENT,
  'smart-port': URBAN_DEVELOPMENT,
  tourism: '33210',
  transport: '21010',
  'smart-transport': '21010',
  digitalisation: '22040',
  digital: '22040',
  ict: '22040',
  education: '11110',
  health: '12110',
  environment: '41010',
  water: '14010',
  energy: '23110',
  investment: '25010',
  'investment-promotion': '25010',
  culture: '16061',
  'rural-development': '43040',
};

/** The sectors of an agreement in a stable order: 15112 first, then the themes' in theme order. */
export function sectorsOf(themes: readonly string[]): string[] {
  const sectors = [DECENTRALISED_COOPERATION];
  for (const theme of themes) {
    const sector = THEME_SECTORS[theme];
    if (sector !== undefined && !sectors.includes(sector)) sectors.push(sector);
  }
  return sectors;
}

/** Whole percentages summing to exactly 100 (IATI's rule for several sectors); the first takes the rest. */
export function splitPercentages(count: number): number[] {
  const share = Math.floor(100 / count);
  return Array.from({ length: count }, (_, i) => (i === 0 ? 100 - share * (count - 1) : share));
}

/** Kinds read from a foreign file's default-finance-type (1xx grants, 4xx/5xx loans). */
export function kindOfFinanceType(code: string | undefined): AgreementKind | undefined {
  if (code === undefined) return undefined;
  if (/^1\d\d$/.test(code)) return 'GRANT';
  if (/^[45]\d\d$/.test(code)) return 'LOAN';
  return undefined;
}
