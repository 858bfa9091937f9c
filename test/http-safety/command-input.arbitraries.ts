import fc from 'fast-check';
import type { Type } from '@nestjs/common';

/**
 * Generators of hostile input for the command routes, derived from the DTO classes themselves
 * (their OpenAPI metadata, which `documented()` puts on every field): a field added to a body is
 * fuzzed without touching this file.
 */

interface PropertyMeta {
  readonly type?: unknown;
  readonly isArray?: boolean;
  readonly enum?: readonly string[];
  readonly format?: string;
  readonly example?: unknown;
  readonly required?: boolean;
}

/** Field names and their OpenAPI metadata of a DTO class (inherited fields included). */
export function fieldsOf(body: Type<unknown>): Array<[string, PropertyMeta]> {
  const names = (Reflect.getMetadata('swagger/apiModelPropertiesArray', body.prototype) ?? []) as string[];
  return names.map((key) => {
    const name = key.replace(/^:/, '');
    return [name, (Reflect.getMetadata('swagger/apiModelProperties', body.prototype, name) ?? {}) as PropertyMeta];
  });
}

const isDtoClass = (type: unknown): type is Type<unknown> =>
  typeof type === 'function' && type !== String && type !== Number && type !== Boolean;

/** Text a person might type: Vietnamese, French, Korean, emoji. */
const plainText = fc.constantFrom('Lý do chính đáng', 'Hợp tác Huế – Nevers', 'Accord signé', '협력 사업', 'ok 🎉');

/** A value the field's schema would accept, so that bodies are sometimes valid and get a 2xx. */
export function plausible(meta: PropertyMeta, depth = 0): fc.Arbitrary<unknown> {
  const one = (): fc.Arbitrary<unknown> => {
    if (isDtoClass(meta.type)) return plausibleBody(meta.type, depth + 1);
    if (meta.enum) return fc.constantFrom(...meta.enum);
    if (meta.format === 'date') return fc.constantFrom('2021-01-01', '2026-06-30', '2099-12-31', '2021-02-29');
    if (meta.format === 'uuid') return fc.uuid();
    if (meta.type === Number) return fc.nat({ max: 10_000_000 });
    if (meta.example !== undefined && !Array.isArray(meta.example)) return fc.constant(meta.example);
    return plainText;
  };
  return meta.isArray || Array.isArray(meta.type) ? fc.array(one(), { maxLength: 3 }) : one();
}

/** A body with every required field of the DTO plausibly filled, optional ones now and then. */
export function plausibleBody(body: Type<unknown>, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const fields = fieldsOf(body);
  if (depth > 2 || fields.length === 0) return fc.constant({});
  return fc.record(Object.fromEntries(fields.map(([name, meta]) => [name, plausible(meta, depth)])), {
    requiredKeys: fields.filter(([, meta]) => meta.required !== false).map(([name]) => name),
  });
}

/** A string that is the same on the wire however long: the counterexample prints the recipe, not 1 MiB. */
export interface Huge {
  readonly huge: string;
  readonly times: number;
}
export const expandHuge = (value: unknown): unknown => {
  if (value && typeof value === 'object' && 'huge' in value && 'times' in value && Object.keys(value).length === 2) {
    const { huge, times } = value as Huge;
    return huge.repeat(times);
  }
  if (Array.isArray(value)) return value.map(expandHuge);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandHuge(v)]));
  }
  return value;
};

const huge: fc.Arbitrary<Huge> = fc.record({
  huge: fc.constantFrom('a', 'ế', '\u0301', '😀', '\u200b', '\u202e', '\\', '"'),
  times: fc.oneof(fc.integer({ min: 250, max: 20_000 }), fc.constantFrom(300, 301, 5_000, 1_100_000)),
});

/** Nested arrays or objects, deeper than the strict parser's limit of 32 now and then. */
const deep: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.boolean())
  .map(([levels, asArray]) => {
    let value: unknown = 'x';
    for (let i = 0; i < levels; i += 1) value = asArray ? [value] : { a: value };
    return value;
  });

/** Text the domain's text rules refuse or that stresses encodings. */
const awkwardText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u0085', '\u202egnaN', '\u200b\u200d', '\ud800', 'null', '1e400', '-0', '..', '/', '%00'),
);

const outOfRangeNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(-1, -0, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER),
  fc.bigInt().map((n) => Number(n)),
);

/** Anything but what the field wants: wrong type, huge, awkward unicode, deep, out of range. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
  huge,
  awkwardText,
  deep,
  outOfRangeNumber,
  fc.constantFrom(null, true, false, [], {}),
);

/** A body shaped like the DTO: its real field names, each plausible or hostile, plus extra keys now and then. */
export function shapedBody(body: Type<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const fields = fieldsOf(body);
  const value = (meta: PropertyMeta) =>
    fc.oneof({ arbitrary: plausible(meta), weight: 2 }, { arbitrary: hostileValue, weight: 1 });
  const known = fc.record(Object.fromEntries(fields.map(([name, meta]) => [name, value(meta)])), {
    requiredKeys: [],
  });
  const extra = fc.oneof(
    { arbitrary: fc.constant({}), weight: 4 },
    { arbitrary: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'target', 'agreementId', 'metadata', 'type')), hostileValue, { maxKeys: 2 }), weight: 1 },
  );
  return fc.tuple(known, extra).map(([k, e]) => ({ ...k, ...e }));
}

/** What goes on the wire as the body: undefined (none), or exact text. */
export type WireBody = { readonly json: unknown } | { readonly text: string } | { readonly none: true };

export function wireBody(body: Type<unknown>): fc.Arbitrary<WireBody> {
  return fc.oneof(
    { arbitrary: shapedBody(body).map((json) => ({ json })), weight: 6 },
    { arbitrary: plausibleBody(body).map((json) => ({ json })), weight: 2 },
    { arbitrary: fc.anything().map((json) => ({ json })), weight: 1 },
    { arbitrary: fc.json().map((text) => ({ text })), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map((text) => ({ text })), weight: 1 },
    { arbitrary: fc.constant({ none: true as const }), weight: 1 },
  );
}

export const serialize = (body: WireBody): string | undefined => {
  if ('none' in body) return undefined;
  if ('text' in body) return body.text;
  try {
    return JSON.stringify(expandHuge(body.json));
  } catch {
    return undefined; // a BigInt or a cycle: fast-check's anything() sends nothing then
  }
};

/** Any string, as the bytes a client would put in a header (UTF-8 seen as latin-1, no CR, LF, NUL). */
export const headerText = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  arbitrary.map((s) => Buffer.from(s, 'utf8').toString('latin1').replace(/[\r\n\0]/g, ''));

/** A path segment: an existing id, a UUID, or anything else a client could type. */
export const pathSegment = (existing: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...existing), weight: 4 },
    { arbitrary: fc.uuid({ version: [4, 7] }), weight: 1 },
    { arbitrary: fc.uuid().map((u) => u.toUpperCase()), weight: 1 },
    { arbitrary: awkwardText, weight: 2 },
    { arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'vn-hue', 'org-koica', 'x'.repeat(2_000)), weight: 1 },
    // Already percent-encoded bytes, sent as they are: invalid UTF-8, NUL, an encoded slash.
    { arbitrary: fc.constantFrom('%C3%28', '%FF', '%00', '%2F', '%2e%2e', '%'), weight: 1 },
  );

/** The segment as it goes in the URL: escapes from `pathSegment` as they are, anything else encoded. */
export const encodeSegment = (segment: string): string =>
  /^(%[0-9A-Fa-f]{2})+$|^%$/.test(segment) ? segment : encodeURIComponent(Buffer.from(segment, 'utf8').toString('utf8')) // a lone surrogate becomes U+FFFD, as any client sends it;

/** A field of a gRPC request message, as @grpc/proto-loader describes it. */
interface ProtoField {
  readonly name: string;
  readonly type: string;
  readonly label: string;
  readonly typeName: string;
}
type ProtoTypes = Record<string, { type?: { field?: ProtoField[] } } | undefined>;

/**
 * A request message of the proto, every field filled with a value of its wire type (protobuf
 * carries nothing else) but arbitrary content: `plausible` is the REST field's plausible value
 * by the same name, so that some requests pass.
 */
export function grpcMessage(
  types: ProtoTypes,
  typeName: string,
  plausibleOf: (field: string) => fc.Arbitrary<unknown> | undefined,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const fields = types[typeName]?.type?.field ?? [];
  const valueOf = (field: ProtoField): fc.Arbitrary<unknown> => {
    if (field.type === 'TYPE_MESSAGE') {
      return depth > 2 ? fc.constant({}) : grpcMessage(types, `${typeName.replace(/\.[^.]+$/, '')}.${field.typeName}`, plausibleOf, depth + 1);
    }
    if (field.type === 'TYPE_BOOL') return fc.boolean();
    if (field.type.startsWith('TYPE_INT') || field.type.startsWith('TYPE_UINT')) {
      return fc.oneof(fc.nat({ max: 8 }), fc.integer(), fc.constantFrom(-1, Number.MAX_SAFE_INTEGER, 2 ** 62));
    }
    const hostileText = fc.oneof(awkwardText, huge.map((h) => h.huge.repeat(Math.min(h.times, 50_000))));
    const plausibleValue = plausibleOf(field.name);
    return plausibleValue ? fc.oneof({ arbitrary: plausibleValue, weight: 2 }, { arbitrary: hostileText, weight: 1 }) : hostileText;
  };
  const one = (field: ProtoField) =>
    field.label === 'LABEL_REPEATED' ? fc.array(valueOf(field), { maxLength: 3 }) : valueOf(field);
  return fc.record(Object.fromEntries(fields.map((field) => [field.name, one(field)])), { requiredKeys: [] });
}
