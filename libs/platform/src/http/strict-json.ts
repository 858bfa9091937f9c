import { ProblemException, invalidRequest } from './problem.js';

/**
 * Deepest nesting of objects and arrays a request body may have. The deepest command body is 3
 * levels (`parties[0].name`); the limit keeps class-transformer's recursion (which overflows the
 * stack near 2,000 levels) far from its end.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys JavaScript objects treat specially: `JSON.parse` keeps them, but class-transformer and
 * object spreads drop or follow them, so what was recorded would not be what was sent.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// A lone (unpaired) surrogate: in unicode mode a pair is one code point and does not match.
const LONE_SURROGATE = /\p{Cs}/u;

const malformed = (detail: string, message: string): ProblemException =>
  new ProblemException({
    status: 400,
    code: 'MALFORMED_JSON',
    title: 'Malformed JSON',
    detail,
    errors: [{ field: 'body', message }],
  });

/**
 * Parses a JSON request body strictly: UTF-8 only (no silent U+FFFD), and, where `JSON.parse`
 * would quietly accept, a 400 naming the path of a repeated key (last-wins would record a value
 * the client did not mean to send twice), a reserved key, nesting deeper than
 * {@link MAX_JSON_DEPTH}, or a lone surrogate (PostgreSQL's jsonb refuses it, so the write would
 * fail late as a 500). No library covers duplicate keys with paths (`secure-json-parse` does the
 * reserved keys only), hence the scanner below: it runs on text `JSON.parse` has already accepted.
 */
export function parseStrictJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('The request body is not valid UTF-8: JSON must be sent in UTF-8.', 'is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw malformed(`The request body is not valid JSON: ${(error as Error).message}`, 'is not valid JSON');
  }
  const refusal = scanJson(text);
  if (refusal) throw invalidRequest([refusal]);
  return value;
}

type Frame =
  | { readonly kind: 'object'; readonly keys: Set<string>; key: string | undefined; expectKey: boolean }
  | { readonly kind: 'array'; index: number };

/** The first thing the strict rules refuse in valid JSON text, with its path, or undefined. */
export function scanJson(text: string): { field: string; message: string } | undefined {
  const stack: Frame[] = [];
  const path = () => pathOf(stack);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_JSON_DEPTH)
        return { field: path(), message: `nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels` };
      stack.push(c === '{' ? { kind: 'object', keys: new Set(), key: undefined, expectKey: true } : { kind: 'array', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1]!;
      if (top.kind === 'array') top.index++;
      else top.expectKey = true;
    } else if (c === '"') {
      const end = closingQuote(text, i);
      const raw = text.slice(i, end + 1);
      const decoded = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      i = end;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        top.expectKey = false;
        top.key = decoded;
        if (LONE_SURROGATE.test(decoded)) return { field: path(), message: 'is a key with a lone surrogate (\\ud800-\\udfff), which is not text' };
        if (RESERVED_KEYS.has(decoded)) return { field: path(), message: `is a reserved key name (${[...RESERVED_KEYS].join(', ')})` };
        if (top.keys.has(decoded)) return { field: path(), message: 'is given more than once; send each key once' };
        top.keys.add(decoded);
      } else if (LONE_SURROGATE.test(decoded)) {
        return { field: path(), message: 'contains a lone surrogate (\\ud800-\\udfff), which is not text' };
      }
    }
  }
  return undefined;
}

/** Index of the quote closing the string that opens at `start` (the text is valid JSON). */
function closingQuote(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    const backslash = text.indexOf('\\', from);
    if (backslash === -1 || backslash > quote) return quote;
    from = backslash + 2;
  }
}

/** The path as the validation errors spell it: `parties[1].country`; `body` for the root. */
function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const frame of stack) {
    if (frame.kind === 'array') path += `[${frame.index}]`;
    else if (frame.key !== undefined) path += path ? `.${frame.key}` : frame.key;
  }
  return path || 'body';
}
