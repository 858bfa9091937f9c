import { DomainError, invalid } from '../../errors.js';
import { parseCountry } from '../../values/country.js';
import { parseNodeId } from '../../values/ids.js';
import { parseOptionalText, parseText, TEXT_RULES } from '../../values/text.js';
import {
  AGREEMENT_KINDS,
  LANGUAGES,
  PARTY_ROLES,
  type AgreementKind,
  type IsoDate,
  type Language,
  type Party,
  type Translations,
} from '../vocabulary.js';

export const { title: TITLE, name: NAME, longText: LONG_TEXT, reason: REASON } = TEXT_RULES;
const MAX_THEMES = 20;
const THEME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function parseKind(input: unknown, field: string): AgreementKind {
  if (!(AGREEMENT_KINDS as readonly unknown[]).includes(input)) {
    throw invalid(field, `must be one of ${AGREEMENT_KINDS.join(', ')}`);
  }
  return input as AgreementKind;
}

export function parseParty(input: unknown, field: string): Party {
  if (typeof input !== 'object' || input === null)
    throw invalid(field, 'must be an object {nodeId, name, role, country}');
  const raw = input as Record<string, unknown>;
  if (!(PARTY_ROLES as readonly unknown[]).includes(raw.role)) {
    throw invalid(`${field}.role`, `must be one of ${PARTY_ROLES.join(', ')}`);
  }
  return {
    nodeId: parseNodeId(raw.nodeId, `${field}.nodeId`),
    name: parseText(raw.name, `${field}.name`, NAME),
    role: raw.role as Party['role'],
    country: parseCountry(raw.country, `${field}.country`),
  };
}

/** At least two parties, each node listed once: an agreement is between distinct parties. */
export function parseParties(input: unknown, field: string): Party[] {
  if (!Array.isArray(input)) throw invalid(field, 'must be a list of parties');
  const parties = input.map((party, i) => parseParty(party, `${field}[${i}]`));
  parties.forEach((party, i) => {
    if (parties.findIndex((p) => p.nodeId === party.nodeId) !== i) {
      throw invalid(`${field}[${i}].nodeId`, `lists ${party.nodeId} a second time; each party appears once`);
    }
  });
  if (parties.length < 2)
    throw new DomainError('TOO_FEW_PARTIES', 'an agreement needs at least two parties', field);
  return parties;
}

export function parseTranslations(input: unknown, field: string): Translations {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid(field, `must be an object keyed by language (${LANGUAGES.join(', ')})`);
  }
  const translations: Translations = {};
  for (const [language, text] of Object.entries(input)) {
    if (!(LANGUAGES as readonly string[]).includes(language)) {
      throw invalid(`${field}.${language}`, `is not a supported language (${LANGUAGES.join(', ')})`);
    }
    translations[language as Language] = parseText(text, `${field}.${language}`, TITLE);
  }
  return translations;
}

/** Themes are lower-case slugs (`smart-city`), deduplicated in first-seen order. */
export function parseThemes(input: unknown, field: string): string[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw invalid(field, 'must be a list of theme slugs');
  const themes = input.map((theme, i) => {
    const slug = typeof theme === 'string' ? theme.trim().toLowerCase() : '';
    if (!THEME.test(slug) || slug.length > 64) {
      throw invalid(
        `${field}[${i}]`,
        'must be a slug of lower-case letters, digits and single "-", e.g. smart-city',
      );
    }
    return slug;
  });
  const unique = [...new Set(themes)];
  if (unique.length > MAX_THEMES) throw invalid(field, `must list at most ${MAX_THEMES} themes`);
  return unique;
}

export const parseProgramme = (input: unknown, field: string): string | undefined =>
  parseOptionalText(input, field, TITLE);
export const parseDescription = (input: unknown, field: string): string | undefined =>
  parseOptionalText(input, field, LONG_TEXT);

export function checkPeriod(startDate: IsoDate | undefined, endDate: IsoDate | undefined): void {
  if (startDate !== undefined && endDate !== undefined && startDate > endDate) {
    throw new DomainError('DATES_OUT_OF_ORDER', `must not be before startDate (${startDate})`, 'endDate');
  }
}
