import type { FundingLine } from './api.js';

/** Committed or disbursed summed per currency over donors, exactly. */
export function sumPerCurrency(
  funding: readonly FundingLine[],
  field: 'committed' | 'disbursed',
): Map<string, string> {
  const totals = new Map<string, string>();
  for (const line of funding)
    totals.set(line.currency, addDecimal(totals.get(line.currency) ?? '0', line[field]));
  return totals;
}

/** Exact decimal addition of two non-negative decimal strings (money never goes through a float). */
export function addDecimal(a: string, b: string): string {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const scale = Math.max(af.length, bf.length);
  const sum = BigInt(ai + af.padEnd(scale, '0')) + BigInt(bi + bf.padEnd(scale, '0'));
  if (scale === 0) return sum.toString();
  const digits = sum.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
