import { sqlLiteral } from './sql-literal.js';

describe('sqlLiteral', () => {
  it('quotes strings, doubling quotes and escaping backslashes', () => {
    expect(sqlLiteral('Huế')).toBe("'Huế'");
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('a\\b')).toBe(" E'a\\\\b'");
  });
  it('writes integers as digits and null as null', () => {
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(-1)).toBe('-1');
    expect(sqlLiteral(null)).toBe('null');
  });
  it('refuses what is neither a string, a safe integer nor null', () => {
    expect(() => sqlLiteral(1.5)).toThrow('1.5 is not a safe integer');
    expect(() => sqlLiteral(Number.NaN)).toThrow('is not a safe integer');
    expect(() => sqlLiteral(2 ** 60)).toThrow('is not a safe integer');
    expect(() => sqlLiteral({} as unknown as string)).toThrow('a object is not a string');
  });
});
