import { invalid } from '../errors.js';
import { isIsoDate } from './dates.js';

/**
 * Which end of a time range a value is: a bare date (`2026-12-01`) means the whole of that day,
 * so `from` is its first instant and `to` (and "as of") its last. `--from D --to D` is day D, and
 * "as of D" is the state at the end of D, after everything recorded that day.
 */
export type RangeEnd = 'start' | 'end';

/**
 * Days are UTC days: the log records instants in UTC (`recordedAt`), and a node and its auditor
 * may sit in different zones. Whoever means a local day writes the instant with its offset.
 */
export const DAY_ZONE = 'UTC';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A bound of a time range as a person wrote it, as the ISO 8601 UTC instant it stands for: a bare
 * date is the start or end of that UTC day; an instant must carry its zone (`Z` or `+07:00`), since
 * a time without one means a different moment on every machine. Every edge that takes a time from
 * a person (CLI flags, query parameters) goes through here, so a bare date means the same everywhere.
 */
export function timeBound(raw: string, end: RangeEnd, field: string): string {
  const text = raw.trim();
  const day = text.slice(0, 10); // taken before the guard below narrows `text` away
  if (isIsoDate(text)) return end === 'start' ? `${text}T00:00:00.000Z` : `${text}T23:59:59.999Z`;
  const ms = INSTANT.test(text) && isIsoDate(day) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms))
    throw invalid(
      field,
      `must be a date (2026-12-01: that whole ${DAY_ZONE} day) or an instant with a zone (2026-12-01T10:00:00Z, 2026-12-01T17:00:00+07:00), got ${JSON.stringify(raw)}`,
    );
  return new Date(ms).toISOString();
}
