import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { addAmounts, compareAmounts, parseMoney, subtractAmounts } from './money.js';

const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('money', () => {
  it('round-trips 1 011 800 000 000 VND (Cần Thơ smart city scheme) exactly', () => {
    const money = parseMoney({ amount: '1011800000000', currency: 'VND' }, 'amount');
    expect(money).toEqual({ amount: '1011800000000', currency: 'VND' });
    expect(JSON.parse(JSON.stringify(money))).toEqual({ amount: '1011800000000', currency: 'VND' });
  });

  it('round-trips 2500000.50 USD exactly, in the currency minor unit', () => {
    expect(parseMoney({ amount: '2500000.50', currency: 'USD' }, 'amount')).toEqual({
      amount: '2500000.50',
      currency: 'USD',
    });
  });

  it('gives one canonical string per value: no leading zeros, zero fractions dropped, minor unit kept', () => {
    const canonical = (amount: string, currency: string): string =>
      parseMoney({ amount, currency }, 'amount').amount;
    expect(canonical('0013000000', 'USD')).toBe('13000000');
    expect(canonical('13000000.00', 'USD')).toBe('13000000');
    expect(canonical('2500000.5', 'USD')).toBe('2500000.50');
    expect(canonical('2500000.500000', 'USD')).toBe('2500000.50');
    expect(canonical('0.125', 'USD')).toBe('0.125');
    expect(canonical('1.5', 'VND')).toBe('1.5');
    expect(canonical('5', 'usd')).toBe('5');
  });

  it('sums and compares exactly where floats would not', () => {
    expect(addAmounts('0.10', '0.20', 'USD')).toBe('0.30');
    expect(addAmounts('99999999999999999999', '1', 'VND')).toBe('100000000000000000000');
    expect(addAmounts('2500000.50', '2500000.50', 'USD')).toBe('5000001');
    expect(subtractAmounts('13000000', '2500000.50', 'USD')).toBe('10499999.50');
    expect(compareAmounts('1011800000000', '1011800000000.000001')).toBe(-1);
    expect(compareAmounts('10', '9.99')).toBe(1);
    expect(compareAmounts('5.0', '5')).toBe(0);
  });

  it.each([
    ['-5', 'a sign'],
    ['+5', 'a sign'],
    ['1e6', 'an exponent'],
    ['1.2345678', 'seven decimals'],
    ['123456789012345678901', 'twenty-one digits'],
    ['1,000', 'a thousands separator'],
    ['', 'nothing'],
    ['.5', 'no integer part'],
  ])('refuses %j (%s), naming amount.amount', (amount) => {
    const error = refusal(() => parseMoney({ amount, currency: 'USD' }, 'amount'));
    expect([error.code, error.field]).toEqual(['INVALID_VALUE', 'amount.amount']);
  });

  it('refuses zero and numbers that are not strings', () => {
    expect(refusal(() => parseMoney({ amount: '0.00', currency: 'USD' }, 'amount')).reason).toMatch(
      /more than zero/,
    );
    expect(refusal(() => parseMoney({ amount: 5, currency: 'USD' }, 'amount')).field).toBe('amount.amount');
  });

  it('refuses a currency that is not ISO 4217, naming amount.currency', () => {
    for (const currency of ['XYZ', 'US', 'dollar', 42]) {
      const error = refusal(() => parseMoney({ amount: '5', currency }, 'amount'));
      expect([error.code, error.field]).toEqual(['INVALID_VALUE', 'amount.currency']);
    }
  });
});
