import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { foldForSearch, parseText } from './text.js';

describe('text', () => {
  it('stores decomposed Vietnamese input composed (NFC) and trimmed', () => {
    const decomposed = '  Hue\u0302\u0301  ';
    expect(decomposed.trim()).not.toBe('Huế');
    expect(parseText(decomposed, 'title', { max: 10 })).toBe('Huế');
    expect(parseText('Thừa Thiên Huế'.normalize('NFD'), 'name', { max: 50 })).toBe(
      'Thừa Thiên Huế'.normalize('NFC'),
    );
  });

  it('collapses white space of single-line text and counts code points, not UTF-16 units', () => {
    expect(parseText('Đà\n  Nẵng', 'title', { max: 20, singleLine: true })).toBe('Đà Nẵng');
    expect(parseText('Cần Thơ', 'title', { max: 7 })).toBe('Cần Thơ');
  });

  it('refuses empty, too long and non-string text, naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['   ', /empty/],
      ['x'.repeat(11), /at most 10/],
      [42, /string/],
      ['a\u0000b', /control/],
    ];
    for (const [input, reason] of cases) {
      expect(() => parseText(input, 'parties[0].name', { max: 10 })).toThrow(DomainError);
      try {
        parseText(input, 'parties[0].name', { max: 10 });
      } catch (error) {
        expect((error as DomainError).field).toBe('parties[0].name');
        expect((error as DomainError).reason).toMatch(reason);
      }
    }
  });

  it('folds for accent-insensitive search, đ included', () => {
    expect(foldForSearch('Đà Nẵng')).toBe('da nang');
    expect(foldForSearch('Thừa Thiên Huế')).toBe('thua thien hue');
    expect(foldForSearch('Cần Thơ')).toBe('can tho');
    expect(foldForSearch('Huế'.normalize('NFD'))).toBe('hue');
    expect(foldForSearch('  Hải   Phòng ')).toBe('hai phong');
  });
});
