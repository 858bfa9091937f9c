import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { timeBound } from './time-bounds.js';

describe('timeBound', () => {
  it('given a bare date, then a start is the first instant of that UTC day and an end its last', () => {
    expect(timeBound('2026-12-01', 'start', 'from')).toBe('2026-12-01T00:00:00.000Z');
    expect(timeBound('2026-12-01', 'end', 'to')).toBe('2026-12-01T23:59:59.999Z');
    expect(timeBound('2024-02-29', 'end', 'asOf')).toBe('2024-02-29T23:59:59.999Z');
  });

  it('given an instant with a zone, then it is that instant in UTC whichever end it is', () => {
    expect(timeBound('2026-12-01T17:00:00+07:00', 'end', 'to')).toBe('2026-12-01T10:00:00.000Z');
    expect(timeBound('2026-12-01T10:00Z', 'start', 'from')).toBe('2026-12-01T10:00:00.000Z');
  });

  it('given no zone, a day that does not exist or no date at all, then it is refused naming the field and both forms', () => {
    for (const raw of ['2026-12-01T10:00:00', '2023-02-29', '2026-13-01', 'yesterday', '1700000000']) {
      let refusal: unknown;
      try {
        timeBound(raw, 'start', 'from');
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).field).toBe('from');
      expect((refusal as DomainError).reason).toMatch(/whole UTC day.*with a zone/);
    }
  });
});
