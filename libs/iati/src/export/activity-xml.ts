import { addAmounts, LANGUAGES, type ExistingAgreement, type PartyState } from '@ketnoi/domain';
import {
  ACTIVITY_DATE,
  ACTIVITY_STATUS,
  BUDGET,
  ORGANISATION_ROLE,
  PARTY_ORGANISATION,
  SECTOR_VOCABULARY_DAC5,
  sectorsOf,
  splitPercentages,
  TRANSACTION_TYPE,
} from '../mapping/codes.js';
import type { ActivityFacts, FundingTransaction } from './activity-facts.js';
import { element, empty, escapeXml, narrative } from './xml.js';

const K = 'ketnoi:';

/** `<prefix>-<agreementId>`: IATI wants the reporting organisation's identifier as prefix. */
export const iatiIdentifier = (publisherRef: string, agreementId: string): string =>
  `${publisherRef}-${agreementId}`;

/**
 * One `iati-activity`, its children in the order the 2.03 schema's sequence demands
 * (identifier, reporting-org, title, description, participating-org, activity-status,
 * activity-date, recipient-country, sector, budget, transaction). Facts IATI has no element
 * for (agreement kind, themes, programme, a party's node, role and country) travel as
 * attributes in the hub's own namespace so an import into another node loses nothing.
 */
export function activityXml(facts: ActivityFacts, publisherRef: string): string {
  const { state } = facts;
  const parties = state.parties.filter((p) => !p.withdrawn);
  const home = parties.find((p) => p.nodeId === state.homeNode);
  return element(
    'iati-activity',
    [
      [`${K}kind`, state.kind],
      [`${K}themes`, state.themes.length > 0 ? state.themes.join(' ') : undefined],
      [`${K}programme`, state.programme],
    ],
    [
      element('iati-identifier', [], escapeXml(iatiIdentifier(publisherRef, state.agreementId))),
      element(
        'reporting-org',
        [
          ['ref', publisherRef],
          ['type', home ? PARTY_ORGANISATION[home.role].type : undefined],
        ],
        narrative(home?.name ?? state.homeNode),
      ),
      element('title', [], titleNarratives(state)),
      descriptionXml(state),
      ...parties.map((party) => participatingOrg(party, party.nodeId === state.homeNode)),
      empty('activity-status', [['code', ACTIVITY_STATUS[state.status]]]),
      ...activityDates(facts),
      ...recipientCountries(parties),
      ...sectors(state.themes),
      ...budgets(state),
      ...facts.transactions.map((t) => transactionXml(t, parties)),
    ].join(''),
  );
}

/** The title as drafted, then each translation in the hub's language order. */
function titleNarratives(state: ExistingAgreement): string {
  let out = narrative(state.title);
  for (const language of LANGUAGES) {
    const text = state.titleTranslations[language];
    if (text !== undefined) out += narrative(text, language);
  }
  return out;
}

/**
 * The schema requires a description; an agreement may have none. Then the title stands in,
 * flagged so that an import does not take it for a description someone wrote.
 */
function descriptionXml(state: ExistingAgreement): string {
  if (state.description !== undefined)
    return element('description', [['type', '1']], narrative(state.description));
  return element(
    'description',
    [
      ['type', '1'],
      [`${K}generated`, 'title'],
    ],
    narrative(state.title),
  );
}

function participatingOrg(party: PartyState, isHome: boolean): string {
  const { role, type } = PARTY_ORGANISATION[party.role];
  // The home node answers for the record it keeps, unless it is the funder.
  const iatiRole = isHome && role !== ORGANISATION_ROLE.funding ? ORGANISATION_ROLE.accountable : role;
  return element(
    'participating-org',
    [
      ['role', iatiRole],
      ['type', type],
      [`${K}node`, party.nodeId],
      [`${K}role`, party.role],
      [`${K}country`, party.country],
    ],
    narrative(party.name),
  );
}

function activityDates(facts: ActivityFacts): string[] {
  const { state } = facts;
  const actualStart = 'activatedOn' in state ? state.activatedOn : undefined;
  const actualEnd =
    state.status === 'COMPLETED'
      ? state.completedOn
      : state.status === 'EXPIRED'
        ? state.expiredOn
        : state.status === 'TERMINATED' && actualStart !== undefined
          ? state.terminatedOn
          : undefined;
  const dates: Array<[string, string | undefined]> = [
    [ACTIVITY_DATE.plannedStart, state.startDate],
    [ACTIVITY_DATE.actualStart, actualStart],
    [ACTIVITY_DATE.plannedEnd, state.endDate],
    [ACTIVITY_DATE.actualEnd, actualEnd],
  ];
  const written = dates
    .filter((d): d is [string, string] => d[1] !== undefined)
    .map(([type, date]) =>
      empty('activity-date', [
        ['type', type],
        ['iso-date', date],
      ]),
    );
  if (written.length > 0) return written;
  // The schema wants at least one date; an undated draft gets its drafting day as planned start, flagged.
  return [
    empty('activity-date', [
      ['type', ACTIVITY_DATE.plannedStart],
      ['iso-date', facts.draftedOn],
      [`${K}generated`, 'drafted'],
    ]),
  ];
}

/** The countries of the cities and provinces: where the cooperation happens. */
function recipientCountries(parties: readonly PartyState[]): string[] {
  const countries = [
    ...new Set(parties.filter((p) => p.role === 'CITY' || p.role === 'PROVINCE').map((p) => p.country)),
  ];
  const shares = splitPercentages(countries.length);
  return countries.map((code, i) =>
    empty('recipient-country', [
      ['code', code],
      ['percentage', countries.length > 1 ? String(shares[i]) : undefined],
    ]),
  );
}

function sectors(themes: readonly string[]): string[] {
  const codes = sectorsOf(themes);
  const shares = splitPercentages(codes.length);
  return codes.map((code, i) =>
    empty('sector', [
      ['vocabulary', SECTOR_VOCABULARY_DAC5],
      ['code', code],
      ['percentage', codes.length > 1 ? String(shares[i]) : undefined],
    ]),
  );
}

/** One original, committed budget per currency over the agreement's period (needs both dates). */
function budgets(state: ExistingAgreement): string[] {
  if (state.startDate === undefined || state.endDate === undefined) return [];
  const byCurrency = new Map<string, string>();
  for (const line of state.funding) {
    if (line.committed === '0') continue;
    const sum = byCurrency.get(line.currency);
    byCurrency.set(
      line.currency,
      sum === undefined ? line.committed : addAmounts(sum, line.committed, line.currency),
    );
  }
  return [...byCurrency].map(([currency, total]) =>
    element(
      'budget',
      [
        ['type', BUDGET.type],
        ['status', BUDGET.status],
      ],
      empty('period-start', [['iso-date', state.startDate]]) +
        empty('period-end', [['iso-date', state.endDate]]) +
        element(
          'value',
          [
            ['currency', currency],
            ['value-date', state.startDate],
          ],
          total,
        ),
    ),
  );
}

function transactionXml(t: FundingTransaction, parties: readonly PartyState[]): string {
  const donor = parties.find((p) => p.nodeId === t.donor);
  return element(
    'transaction',
    [],
    empty('transaction-type', [['code', TRANSACTION_TYPE[t.kind]]]) +
      empty('transaction-date', [['iso-date', t.date]]) +
      element(
        'value',
        [
          ['currency', t.amount.currency],
          ['value-date', t.date],
        ],
        t.amount.amount,
      ) +
      element(
        'provider-org',
        [
          ['type', donor ? PARTY_ORGANISATION[donor.role].type : undefined],
          [`${K}node`, t.donor],
        ],
        donor ? narrative(donor.name) : '',
      ),
  );
}
