import countries from 'i18n-iso-countries';
import { invalid } from '../errors.js';

/** ISO 3166-1 alpha-2, upper-case (`vn` is accepted and stored as `VN`). */
/** Every ISO 3166-1 alpha-2 code `parseCountry` accepts, upper-case (what the edges document). */
export const countryCodes = (): string[] => Object.keys(countries.getAlpha2Codes()).sort();

export function parseCountry(input: unknown, field: string): string {
  if (typeof input !== 'string')
    throw invalid(field, 'must be an ISO 3166-1 alpha-2 country code such as VN');
  const code = input.trim().toUpperCase();
  // isValid also accepts alpha-3 and numeric codes: the pattern keeps it to alpha-2.
  if (!/^[A-Z]{2}$/.test(code) || !countries.isValid(code)) {
    throw invalid(field, `must be an ISO 3166-1 alpha-2 country code such as VN (got "${input}")`);
  }
  return code;
}
