import { invalid } from '../errors.js';

export interface TextRules {
  /** Longest accepted length in code points, after normalisation. */
  readonly max: number;
  /** Titles and names: collapse every run of white space (newlines too) to one space. */
  readonly singleLine?: boolean;
}

/**
 * The kinds of free text the hub records. Lengths generous enough for real agreement titles in
 * Vietnamese and French, small enough that a title stays a title. Long text (descriptions, notes,
 * summaries) and reasons keep their newlines and tabs: they are paragraphs.
 */
export const TEXT_RULES = {
  title: { max: 300, singleLine: true },
  name: { max: 300, singleLine: true },
  reason: { max: 2_000 },
  longText: { max: 10_000 },
} as const satisfies Record<string, TextRules>;

/*
 * C0 controls but tab, line feed and carriage return (single-line text has turned those into
 * spaces already; long text keeps them as its line breaks), DEL, and C1 controls (U+0085, U+009B
 * ...: a terminal or a log viewer acts on them).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/*
 * Bidirectional embeddings, overrides and isolates: they make text display in another order
 * than it is stored ("Trojan Source"), so a party name could read as another's. The marks
 * U+200E, U+200F and U+061C are allowed: they only set the direction of neutral characters
 * next to them, which right-to-left names need, and cannot reverse a run.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/*
 * What displays as nothing: white space, format characters (zero-width space and joiners,
 * U+2060, U+FEFF, the bidi marks, soft hyphen), combining marks without a base, and the blank
 * letters used to fake empty names (Hangul fillers, Braille blank).
 */
const INVISIBLE = /[\s\p{Z}\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/gu;

const codePoint = (character: string): string =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Free text as the hub stores it: Unicode NFC first (a decomposed "Huế" typed on a Mac and a
 * composed one from Windows must be the same string, or search, dedupe, hashes and the length
 * limit disagree), trimmed, never empty or invisible, free of control characters.
 */
export function normalizeText(text: string, rules: TextRules): string {
  const normalized = text.normalize('NFC').trim();
  return rules.singleLine ? normalized.replace(/\s+/gu, ' ') : normalized;
}

/**
 * Why `input` is not acceptable text under `rules`, in the user's words (the field name goes
 * before it), or undefined when it is. Every edge (HTTP and gRPC validation, IATI import) and the
 * domain itself ask this one function.
 */
export function textRefusal(input: unknown, rules: TextRules): string | undefined {
  if (typeof input !== 'string') return 'must be a string';
  const text = normalizeText(input, rules);
  if (text.length === 0) return 'must not be empty';
  const control = CONTROL.exec(text)?.[0];
  if (control !== undefined)
    return `must not contain the control character ${codePoint(control)}: it is invisible and can change how the text is shown or logged`;
  const bidi = BIDI_CONTROL.exec(text)?.[0];
  if (bidi !== undefined)
    return `must not contain the text-direction override ${codePoint(bidi)}: it makes the text display in another order than it is written`;
  if (text.replace(INVISIBLE, '').length === 0)
    return 'must contain visible characters: it has only invisible ones (zero-width spaces or joiners, marks)';
  const length = [...text].length;
  if (length > rules.max) return `must be at most ${rules.max} characters (got ${length})`;
  return undefined;
}

/** The text as stored, or a DomainError naming `field` and saying why. */
export function parseText(input: unknown, field: string, rules: TextRules): string {
  const refusal = textRefusal(input, rules);
  if (refusal !== undefined) throw invalid(field, refusal);
  return normalizeText(input as string, rules);
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
