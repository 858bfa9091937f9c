import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '@ketnoi/platform';
import { parseCorrelationId, parseIfMatch } from './command-request.decorator.js';

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    ['0', 0],
    [' "7" ', 7],
  ])('given %s, then revision %i', (header, revision) => expect(parseIfMatch(header)).toBe(revision));

  it('given no header or *, then no expectation', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it.each(['yesterday', '"-1"', '"3", "4"', '"1.5"'])('given %s, then a 400 naming If-Match', (header) => {
    const error = (() => {
      try {
        parseIfMatch(header);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).problem).toMatchObject({
      status: 400,
      errors: [{ field: 'If-Match' }],
    });
  });
});

describe('X-Correlation-Id', () => {
  it('keeps a well-formed id and refuses one with spaces', () => {
    expect(parseCorrelationId('demo-1')).toBe('demo-1');
    expect(() => parseCorrelationId('two words')).toThrow(ProblemException);
  });
});
