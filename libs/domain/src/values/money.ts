import { Big } from 'big.js';
import type { Money } from '../agreement/vocabulary.js';
import { invalid } from '../errors.js';
import { minorUnitDigits, parseCurrency } from './currency.js';

// Unsigned, no exponent, at most 20 integer and 6 fraction digits: the wire
// form of an amount. Floats never touch money: 1 011 800 000 000 VND and
// 0.1 + 0.2 USD must stay exact, so sums go through big.js.
const AMOUNT = /^\d{1,20}(\.\d{1,6})?$/;

/**
 * The one string for a value in a currency, so equal amounts are equal strings
 * (events are hashed and compared): no leading zeros, no fraction when it is
 * zero, otherwise at least the currency's minor-unit digits. "2500000.50" USD
 * and "1011800000000" VND read back exactly as written; "2500000.5" USD
 * becomes "2500000.50", "0013000000.00" becomes "13000000".
 */
export function canonicalAmount(value: Big, currency: string): string {
  if (value.eq(0)) return '0';
  const [integer, fraction = ''] = value.toFixed(6).split('.');
  const significant = fraction.replace(/0+$/, '');
  if (significant === '') return integer!;
  return `${integer}.${significant.padEnd(minorUnitDigits(currency), '0')}`;
}

/** An amount (decimal string) as a big.js value; the string must already be valid. */
export const toBig = (amount: string): Big => new Big(amount);

/** Validates and normalises a positive amount in a currency; `field` prefixes the error fields. */
export function parseMoney(input: unknown, field: string): Money {
  if (typeof input !== 'object' || input === null) {
    throw invalid(field, 'must be an object {amount, currency}');
  }
  const { amount, currency } = input as Record<string, unknown>;
  const code = parseCurrency(currency, `${field}.currency`);
  if (typeof amount !== 'string' || !AMOUNT.test(amount)) {
    throw invalid(
      `${field}.amount`,
      'must be a decimal string with up to 20 digits and 6 decimals, no sign or exponent, e.g. "2500000.50"',
    );
  }
  const value = new Big(amount);
  if (value.lte(0)) throw invalid(`${field}.amount`, 'must be more than zero');
  return { amount: canonicalAmount(value, code), currency: code };
}

/** Sum of two amounts in the same currency, canonical. */
export const addAmounts = (a: string, b: string, currency: string): string =>
  canonicalAmount(toBig(a).plus(toBig(b)), currency);

/** a - b in the same currency, canonical (may be "0"; never used to go negative). */
export const subtractAmounts = (a: string, b: string, currency: string): string =>
  canonicalAmount(toBig(a).minus(toBig(b)), currency);

/** -1, 0 or 1, exactly. */
export const compareAmounts = (a: string, b: string): -1 | 0 | 1 => toBig(a).cmp(toBig(b)) as -1 | 0 | 1;
