import { invalid } from '../errors.js';

export interface TextRules {
  /** Longest accepted length in code points, after normalisation. */
  readonly max: number;
  /** Titles and names: collapse every run of white space (newlines too) to one space. */
  readonly singleLine?: boolean;
}

/**
 * Free text as the hub stores it: Unicode NFC (a decomposed "Huế" typed on a
 * Mac and a composed one from Windows must be the same string, or search,
 * dedupe and hashes disagree), trimmed, never empty.
 */
export function parseText(input: unknown, field: string, rules: TextRules): string {
  if (typeof input !== 'string') throw invalid(field, 'must be a string');
  let text = input.normalize('NFC').trim();
  if (rules.singleLine) text = text.replace(/\s+/gu, ' ');
  if (text.length === 0) throw invalid(field, 'must not be empty');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u.test(text)) {
    throw invalid(field, 'must not contain control characters');
  }
  const length = [...text].length;
  if (length > rules.max) throw invalid(field, `must be at most ${rules.max} characters (got ${length})`);
  return text;
}

/** Like parseText, for an optional field: `undefined` stays `undefined`. */
export function parseOptionalText(input: unknown, field: string, rules: TextRules): string | undefined {
  return input === undefined ? undefined : parseText(input, field, rules);
}

/**
 * The key under which text is searched: lower-case, without diacritics, so
 * "Hue" finds "Huế" and "Da Nang" finds "Đà Nẵng". NFD splits most Vietnamese
 * letters into a base and combining marks, but đ/Đ is a letter of its own
 * (U+0111/U+0110) that NFD leaves alone, hence the explicit mapping.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}
