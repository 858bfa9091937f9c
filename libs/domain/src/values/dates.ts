import type { IsoDate, IsoInstant } from '../agreement/vocabulary.js';
import { invalid } from '../errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for `YYYY-MM-DD` naming a day that exists (no 2023-02-29, no 2024-13-01). */
export function isIsoDate(input: unknown): input is IsoDate {
  if (typeof input !== 'string') return false;
  const match = DATE.exec(input);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseIsoDate(input: unknown, field: string): IsoDate {
  if (!isIsoDate(input)) throw invalid(field, 'must be a calendar date written YYYY-MM-DD');
  return input;
}

export function parseOptionalIsoDate(input: unknown, field: string): IsoDate | undefined {
  return input === undefined ? undefined : parseIsoDate(input, field);
}

/** ISO 8601 instant with an explicit zone (`Z` or `+07:00`). */
export function parseInstant(input: unknown, field: string): IsoInstant {
  const match = typeof input === 'string' ? INSTANT.exec(input) : null;
  if (!match || !isIsoDate(match[1])) {
    throw invalid(field, 'must be an ISO 8601 instant with a zone, e.g. 2026-11-22T10:00:00Z');
  }
  return input as IsoInstant;
}

/**
 * The calendar date of an instant as written in its own zone: an edge that
 * sends local time (+07:00 in Vietnam) gets the local date on its records,
 * which is the date people see on the signed paper.
 */
export const dateOfInstant = (instant: IsoInstant): IsoDate => instant.slice(0, 10);

/** ISO dates compare as strings; this names the intent. */
export const compareDates = (a: IsoDate, b: IsoDate): number => (a < b ? -1 : a > b ? 1 : 0);
