import pg from 'pg';

/**
 * A value written into the text of a statement instead of sent as a parameter: strings through
 * pg's own `escapeLiteral` (quotes doubled, backslashes in an E'' string), integers as digits.
 * Anything else is refused rather than guessed at.
 */
export function sqlLiteral(value: string | number | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`sqlLiteral: ${value} is not a safe integer`);
    return String(value);
  }
  if (typeof value !== 'string') throw new TypeError(`sqlLiteral: a ${typeof value} is not a string`);
  return pg.escapeLiteral(value);
}
