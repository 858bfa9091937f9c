import { describe, expect, it } from '@jest/globals';
import { ProblemException } from './problem.js';
import { MAX_JSON_DEPTH, parseStrictJson, scanJson } from './strict-json.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const refusalOf = (input: string | Uint8Array) => {
  try {
    parseStrictJson(typeof input === 'string' ? bytes(input) : input);
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('accepted');
};

describe('the strict JSON parser of request bodies', () => {
  it('given plain JSON with escapes, unicode and nesting at the limit, when parsed, then it is JSON.parse’s value', () => {
    // The outer object is the first level.
    const nested = '['.repeat(MAX_JSON_DEPTH - 1) + ']'.repeat(MAX_JSON_DEPTH - 1);
    const text = `{"title":"Hợp tác \\"Huế\\" \\u00e9","n":[1,{"a":null}],"deep":${nested}}`;
    expect(parseStrictJson(bytes(text))).toEqual(JSON.parse(text));
  });

  it('given a repeated key, when scanned, then its path is named', () => {
    expect(scanJson('{"parties":[{"name":"a","name":"b"}]}')).toEqual({
      field: 'parties[0].name',
      message: expect.stringMatching(/more than once/),
    });
  });

  it('given the same key in two sibling objects, when scanned, then nothing is refused', () => {
    expect(scanJson('[{"name":"a"},{"name":"b"}]')).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'given the reserved key %s, when scanned, then it is refused by path',
    (key) => {
      expect(scanJson(`{"a":{"${key}":{}}}`)?.field).toBe(`a.${key}`);
    },
  );

  it('given nesting one level past the limit, when scanned, then it is refused', () => {
    const text = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expect(scanJson(text)?.message).toMatch(new RegExp(`${MAX_JSON_DEPTH}`));
  });

  it('given a lone surrogate written as an escape, when scanned, then it is refused', () => {
    expect(scanJson('{"title":"\\ud800x"}')?.field).toBe('title');
  });

  it('given a surrogate pair written as escapes, when scanned, then it is accepted', () => {
    expect(scanJson('{"title":"\\ud83d\\ude00"}')).toBeUndefined();
  });

  it('given bytes that are not UTF-8, when parsed, then 400 MALFORMED_JSON naming the body', () => {
    expect(refusalOf(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toMatchObject({
      status: 400,
      code: 'MALFORMED_JSON',
      errors: [{ field: 'body' }],
    });
  });

  it('given text that is not JSON, when parsed, then 400 MALFORMED_JSON', () => {
    expect(refusalOf('{"a":')).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });
});
