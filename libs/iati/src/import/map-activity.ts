import {
  AGREEMENT_KINDS,
  isIsoDate,
  isNodeId,
  LANGUAGES,
  PARTY_ROLES,
  type AgreementKind,
  type CommitFunding,
  type DraftAgreement,
  type Language,
  type Party,
  type PartyRole,
  type Translations,
} from '@ketnoi/domain';
import countries from 'i18n-iso-countries';
import { v5 as uuidv5 } from 'uuid';
import { ACTIVITY_STATUS, kindOfFinanceType, partyRoleOf, TRANSACTION_TYPE } from '../mapping/codes.js';
import type { Narrative, ParsedActivity, ParsedOrg } from './parsed-activity.js';

/** Namespace of the agreement ids derived from iati-identifiers (UUIDv5): same identifier, same agreement. */
export const IATI_IDENTIFIER_NAMESPACE = '6f1c2a4e-5b0d-4f7a-9c3e-8d2b1a0e7f51';

/** Who imports: the node becomes a party when the file does not name it. */
export interface ImportingNode {
  readonly nodeId: string;
  /** How the node is named when it has to be added as a party. @defaultValue the node id */
  readonly name?: string;
  readonly role?: PartyRole;
  /** Country for organisations whose country the file does not tell. */
  readonly defaultCountry: string;
}

/** What an activity becomes: the draft, the commitments, and what was mapped or left out and why. */
export interface ActivityPlan {
  readonly agreementId: string;
  readonly draft: DraftAgreement['data'];
  readonly commitments: ReadonlyArray<{ readonly data: CommitFunding['data']; readonly what: string }>;
  readonly mapped: string[];
  readonly leftOut: string[];
}

const UUID_SUFFIX = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The agreement id an activity is imported under. A hub's own export ends its identifiers in the
 * agreement id, which is kept so the agreement is the same one on every node; any other
 * identifier names a UUIDv5 of itself, so importing the file again finds the same agreement.
 */
export function agreementIdFor(iatiIdentifier: string): string {
  return (
    UUID_SUFFIX.exec(iatiIdentifier)?.[1]?.toLowerCase() ?? uuidv5(iatiIdentifier, IATI_IDENTIFIER_NAMESPACE)
  );
}

/** Maps one parsed activity; throws `ActivitySkipped` when nothing sensible can be drafted from it. */
export function planActivity(activity: ParsedActivity, node: ImportingNode): ActivityPlan {
  if (activity.identifier === '')
    throw new ActivitySkipped('iati-identifier is empty: there is nothing to import it by');
  const mapped: string[] = [];
  const leftOut: string[] = [];
  const agreementId = agreementIdFor(activity.identifier);

  const titles = splitNarratives(activity.titles, activity.lang);
  if (titles.main === undefined) throw new ActivitySkipped('title has no narrative text');
  mapped.push('title');
  if (Object.keys(titles.translations).length > 0)
    mapped.push(`title translations (${Object.keys(titles.translations).join(', ')})`);
  leftOut.push(...titles.other.map((n) => `title in ${n.lang} (the hub keeps vi, en and fr)`));

  const written = activity.descriptions.filter((d) => !d.generated);
  const description =
    written.length > 0 ? splitNarratives(written[0]!.narratives, activity.lang).main : undefined;
  if (description !== undefined) mapped.push('description');
  const extraDescriptions =
    written.reduce((n, d) => n + d.narratives.length, 0) - (description === undefined ? 0 : 1);
  if (extraDescriptions > 0)
    leftOut.push(`${extraDescriptions} description narrative(s) (the hub keeps one description)`);

  const recipient =
    activity.recipientCountries.length === 1 ? validCountry(activity.recipientCountries[0]) : undefined;
  const fallbackCountry = recipient ?? node.defaultCountry;
  const parties: Party[] = [];
  for (const org of activity.orgs) {
    const party = partyOf(org, fallbackCountry);
    if (typeof party === 'string') {
      leftOut.push(`participating-org: ${party}`);
      continue;
    }
    if (parties.some((p) => p.nodeId === party.nodeId)) continue; // same organisation in a second role
    parties.push(party);
    mapped.push(`participating-org ${party.nodeId} as ${party.role}`);
  }
  if (!parties.some((p) => p.nodeId === node.nodeId)) {
    // The drafting node must be a party (it is the stream's only writer).
    parties.push({
      nodeId: node.nodeId,
      name: node.name ?? node.nodeId,
      role: node.role ?? 'CITY',
      country: fallbackCountry,
    });
    mapped.push(`this node ${node.nodeId} added as ${node.role ?? 'CITY'} (the file does not name it)`);
  }

  const kind = kindOf(activity);
  mapped.push(`kind ${kind.kind} (${kind.from})`);
  const themes = activity.themes?.split(/\s+/).filter((t) => t !== '') ?? [];
  if (themes.length > 0) mapped.push('themes');
  if (activity.programme !== undefined) mapped.push('programme');
  if (activity.sectors.length > 0)
    leftOut.push(
      themes.length > 0
        ? 'sector (derived from the themes on export)'
        : `sector ×${activity.sectors.length} (the hub records themes, not sector codes)`,
    );

  const dates = datesOf(activity, mapped, leftOut);
  if (activity.status !== undefined && activity.status !== ACTIVITY_STATUS.DRAFT)
    leftOut.push(
      `activity-status ${activity.status} (an import drafts; the parties propose, sign and activate in the hub)`,
    );

  const commitments = commitmentsOf(activity, parties, leftOut);
  for (const [name, count] of activity.unmapped)
    leftOut.push(
      `${name}${count > 1 ? ` ×${count}` : ''} (${UNMAPPED_REASONS[name] ?? 'no place in an agreement'})`,
    );

  return {
    agreementId,
    draft: {
      agreementId,
      title: titles.main,
      ...(Object.keys(titles.translations).length > 0 && { titleTranslations: titles.translations }),
      ...(description !== undefined && { description }),
      kind: kind.kind,
      ...(activity.programme !== undefined && { programme: activity.programme }),
      ...(themes.length > 0 && { themes }),
      parties,
      ...dates,
    },
    commitments,
    mapped,
    leftOut,
  };
}

/** Why an element the import does not map is left out, where there is more to say than "no place". */
const UNMAPPED_REASONS: Readonly<Record<string, string>> = {
  budget: 'the hub derives budgets from the commitments, imported from type-2 transactions',
  'planned-disbursement': 'the hub records disbursements when they happen, not plans',
  'recipient-region': 'the hub places parties by country only',
  'other-identifier': 'the iati-identifier is the one identifier kept',
  'document-link': 'documents are attached by SHA-256 of the file, which a link does not give',
  result: 'milestones are planned by the parties',
};

/** An activity the import cannot draft, with the reason. */
export class ActivitySkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ActivitySkipped';
  }
}

/**
 * The main text (no xml:lang, or the activity's own language) and the translations the hub
 * keeps; a narrative in the activity's language that is also vi/en/fr is both.
 */
function splitNarratives(narratives: readonly Narrative[], activityLang: string | undefined) {
  const withText = narratives.filter((n) => n.text.trim() !== '');
  const main = withText.find((n) => n.lang === undefined || n.lang === activityLang) ?? withText[0];
  const translations: Translations = {};
  const other: Narrative[] = [];
  for (const n of withText) {
    if (n === main || n.lang === undefined) continue;
    const lang = n.lang.toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(lang)) translations[lang as Language] ??= n.text;
    else other.push(n);
  }
  return { main: main?.text, translations, other };
}

function partyOf(org: ParsedOrg, fallbackCountry: string): Party | string {
  const name = splitNarratives(org.names, undefined).main ?? org.ref;
  const nodeId = org.node ?? slug(org.ref) ?? (name === undefined ? undefined : slug(`org-${name}`));
  if (nodeId === undefined) return `role ${org.role ?? '?'} without ref or name (nothing to identify it by)`;
  const role = (PARTY_ROLES as readonly string[]).includes(org.partyRole ?? '')
    ? (org.partyRole as PartyRole)
    : partyRoleOf(org.role, org.type);
  // IATI organisation identifiers start with the registration agency's country (KR-GOV-010).
  const country = validCountry(org.country) ?? validCountry(org.ref?.slice(0, 2)) ?? fallbackCountry;
  return { nodeId, name: name ?? nodeId, role, country };
}

/** A node id for an organisation the file names by ref or name: lower-case, dashes, at most 63. */
function slug(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const id = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return isNodeId(id) ? id : undefined;
}

function validCountry(code: string | undefined): string | undefined {
  const upper = code?.toUpperCase();
  return upper !== undefined && /^[A-Z]{2}$/.test(upper) && countries.isValid(upper) ? upper : undefined;
}

function kindOf(activity: ParsedActivity): { kind: AgreementKind; from: string } {
  if ((AGREEMENT_KINDS as readonly string[]).includes(activity.kind ?? ''))
    return { kind: activity.kind as AgreementKind, from: 'ketnoi:kind' };
  const fromFinance = kindOfFinanceType(activity.defaultFinanceType);
  if (fromFinance !== undefined)
    return { kind: fromFinance, from: `default-finance-type ${activity.defaultFinanceType}` };
  return { kind: 'PROGRAMME', from: 'no finance type: the general kind' };
}

const isoDateOf = (value: string | undefined): string | undefined =>
  value !== undefined && isIsoDate(value.slice(0, 10)) ? value.slice(0, 10) : undefined;

function datesOf(activity: ParsedActivity, mapped: string[], leftOut: string[]) {
  const byType = (type: string) =>
    isoDateOf(activity.dates.find((d) => d.type === type && !d.generated)?.isoDate);
  const startDate = byType('1') ?? byType('2');
  const endDate = byType('3') ?? byType('4');
  if (startDate !== undefined) mapped.push('start date');
  if (endDate !== undefined) mapped.push('end date');
  if (byType('2') !== undefined || byType('4') !== undefined)
    leftOut.push('actual start and end dates (activation and completion are recorded by the parties)');
  return { ...(startDate !== undefined && { startDate }), ...(endDate !== undefined && { endDate }) };
}

function commitmentsOf(activity: ParsedActivity, parties: readonly Party[], leftOut: string[]) {
  const donors = parties.filter((p) => p.role === 'DONOR');
  const commitments: Array<{ data: CommitFunding['data']; what: string }> = [];
  let disbursements = 0;
  activity.transactions.forEach((t, i) => {
    const what = `transaction ${i + 1}`;
    if (t.type === TRANSACTION_TYPE.disbursement) return void disbursements++;
    if (t.type !== TRANSACTION_TYPE.commitment) {
      leftOut.push(
        `${what} of type ${t.type ?? '?'} (only commitments and disbursements are agreement facts)`,
      );
      return;
    }
    const provider = t.provider;
    const donor =
      provider?.node ??
      slug(provider?.ref) ??
      (provider && provider.names[0] ? slug(`org-${provider.names[0].text}`) : undefined) ??
      (donors.length === 1 ? donors[0]!.nodeId : undefined);
    if (donor === undefined) {
      leftOut.push(`${what}: commitment without provider-org, and not exactly one funder to credit it to`);
      return;
    }
    const currency = t.currency ?? activity.defaultCurrency;
    const committedOn = isoDateOf(t.date);
    commitments.push({
      what,
      data: {
        donor,
        amount: { amount: t.value, currency: currency ?? '' },
        ...(committedOn !== undefined && { committedOn }),
      },
    });
  });
  if (disbursements > 0)
    leftOut.push(
      `${disbursements} disbursement(s) (money moves only under a signed agreement; record them after signature)`,
    );
  return commitments;
}
