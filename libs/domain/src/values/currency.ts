import { invalid } from '../errors.js';

// The runtime's ICU list is the ISO 4217 list of currencies in use; it is
// loaded once, lazily, so importing the domain costs nothing.
let known: ReadonlySet<string> | undefined;
const knownCurrencies = (): ReadonlySet<string> => (known ??= new Set(Intl.supportedValuesOf('currency')));

/** ISO 4217 alphabetic code, upper-case (`usd` is accepted and stored as `USD`). */
export function parseCurrency(input: unknown, field: string): string {
  if (typeof input !== 'string') throw invalid(field, 'must be an ISO 4217 currency code such as USD or VND');
  const code = input.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !knownCurrencies().has(code)) {
    throw invalid(field, `must be an ISO 4217 currency code such as USD or VND (got "${input}")`);
  }
  return code;
}

/** Every ISO 4217 code `parseCurrency` accepts, upper-case (what the edges document). */
export const currencyCodes = (): string[] => [...knownCurrencies()].sort();

const minorUnits = new Map<string, number>();

/** Digits after the decimal point in the currency's minor unit: USD 2, VND 0, BHD 3. */
export function minorUnitDigits(currency: string): number {
  let digits = minorUnits.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    minorUnits.set(currency, digits);
  }
  return digits;
}
