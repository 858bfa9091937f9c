import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { NODE_ID_PATTERN } from '@ketnoi/domain';
import { startHubInProcess, type HubInProcess } from '../support/hub-in-process.js';

// Issue 21: the served OpenAPI document said too little to build a client on (no security, error
// bodies without a schema, GETs without schemas, unstated rules: a fuzzer built from it got 400
// for 464 of ~470 POSTs). These checks read the document as such a tool does.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Operation {
  readonly method: string;
  readonly path: string;
  readonly op: Json;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
// ajv-formats is CommonJS: under nodenext its default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

describe('the OpenAPI document at /docs-json', () => {
  let node: HubInProcess;
  let doc: Json;
  let operations: Operation[];
  let api: Operation[];
  const schemaOf = (ref: string): Json => doc.components.schemas[ref.replace('#/components/schemas/', '')];
  const authorized = async (path: string, init: RequestInit = {}) =>
    fetch(`${node.hub.url}${path}`, {
      ...init,
      headers: {
        authorization: await node.authorization('officer'),
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  beforeAll(async () => {
    node = await startHubInProcess('openapi');
    doc = (await (await fetch(`${node.hub.url}/docs-json`)).json()) as Json;
    operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({ method, path, op: item[method] })),
    );
    api = operations.filter((operation) => operation.path.startsWith('/v1/'));
  }, 120_000);
  afterAll(async () => {
    await node?.close();
  });

  const label = ({ method, path }: Operation) => `${method.toUpperCase()} ${path}`;

  it('given the bearer scheme, then every /v1 operation requires it and answers 401 and 403; health, metrics do not', () => {
    expect(doc.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    );
    expect(api.length).toBeGreaterThan(30);
    const unsecured = api.filter(({ op }) => !(op.security ?? doc.security)?.some((s: Json) => 'bearer' in s));
    expect(unsecured.map(label)).toEqual([]);
    const without401or403 = api.filter(({ op }) => !op.responses['401'] || !op.responses['403']);
    expect(without401or403.map(label)).toEqual([]);
    const open = operations.filter(({ path }) => /^\/(health|metrics)/.test(path));
    expect(open.length).toBeGreaterThan(0);
    expect(open.filter(({ op }) => op.security?.length !== 0).map(label)).toEqual([]);
  });

  it('then every error response of every /v1 operation is application/problem+json with the Problem schema', () => {
    expect(schemaOf('Problem').required).toEqual(['type', 'title', 'status', 'detail', 'code']);
    expect(Object.keys(schemaOf('Problem').properties)).toEqual(
      expect.arrayContaining(['errors', 'currentRevision', 'instance']),
    );
    const bad = api.flatMap((operation) =>
      Object.entries(operation.op.responses as Record<string, Json>)
        .filter(([status]) => /^[45]/.test(status))
        .filter(([, response]) => response.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem')
        .map(([status]) => `${label(operation)} ${status}`),
    );
    expect(bad).toEqual([]);
    const draft = doc.paths['/v1/agreements'].post;
    expect(Object.keys(draft.responses).sort()).toEqual(
      ['201', '400', '401', '403', '409', '413', '415', '422', '429', '503'].sort(),
    );
  });

  it('then every operation has a description, a tag the document defines and its own operationId (Spectral oas)', () => {
    const defined = new Set((doc.tags as Json[]).map((tag) => tag.name));
    expect(operations.filter(({ op }) => !op.description?.trim()).map(label)).toEqual([]);
    expect(operations.filter(({ op }) => !op.tags?.length || !op.tags.every((t: string) => defined.has(t))).map(label)).toEqual([]);
    expect((doc.tags as Json[]).filter((tag) => !tag.description).map((tag) => tag.name)).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => !id || ids.indexOf(id) !== i)).toEqual([]);
  });

  it('then command bodies refuse unknown properties, and their rules are stated (formats, lengths, headers)', () => {
    const commands = api.filter(({ method, path }) => method === 'post' && path.startsWith('/v1/agreements'));
    expect(commands).toHaveLength(19);
    const open = commands.filter(({ op }) => {
      const schema = op.requestBody.content['application/json'].schema;
      return (schema.$ref ? schemaOf(schema.$ref) : schema).additionalProperties !== false;
    });
    expect(open.map(label)).toEqual([]);
    expect(schemaOf('PartyBody').additionalProperties).toBe(false);
    expect(schemaOf('TranslationsBody').additionalProperties).toBe(false);

    const draft = schemaOf('DraftAgreementBody');
    expect(draft.properties.parties.minItems).toBe(2);
    expect(draft.properties.title.minLength).toBe(1);
    expect(schemaOf('PartyBody').properties.nodeId.pattern).toBe(NODE_ID_PATTERN.source);
    expect(new RegExp(schemaOf('PartyBody').properties.nodeId.pattern).test('vn-hue')).toBe(true);
    expect(new RegExp(schemaOf('PartyBody').properties.nodeId.pattern).test('VN HUE')).toBe(false);
    expect(schemaOf('CountryCode').enum).toEqual(expect.arrayContaining(['VN', 'FR', 'KR']));
    expect(schemaOf('CountryCode').enum).not.toContain('XX');
    expect(schemaOf('CurrencyCode').enum).toEqual(expect.arrayContaining(['USD', 'VND', 'EUR']));
    expect(schemaOf('AttachDocumentBody').properties.sha256.pattern).toBe('^[0-9a-f]{64}$');
    expect(schemaOf('AttachDocumentBody').properties.sizeBytes.type).toBe('integer');

    const headerNames = (op: Json) => (op.parameters as Json[]).filter((p) => p.in === 'header').map((p) => p.name);
    expect(commands.filter(({ op }) => !headerNames(op).includes('Idempotency-Key')).map(label)).toEqual([]);
    const updates = commands.filter(({ path }) => path !== '/v1/agreements');
    expect(updates.filter(({ op }) => !headerNames(op).includes('If-Match')).map(label)).toEqual([]);
    const header = (name: string) =>
      (doc.paths['/v1/agreements/{agreementId}/propose'].post.parameters as Json[]).find((p) => p.name === name)!.schema;
    expect(new RegExp(header('If-Match').pattern).test('"3"')).toBe(true);
    expect(new RegExp(header('If-Match').pattern).test('three')).toBe(false);
    expect(header('Idempotency-Key')).toEqual(expect.objectContaining({ minLength: 1, maxLength: 255 }));
    expect(new RegExp(header('Idempotency-Key').pattern).test('retry 1')).toBe(false);

    const pathIds = updates.flatMap(({ op }) => (op.parameters as Json[]).filter((p) => p.in === 'path' && p.name.endsWith('Id') && p.name !== 'nodeId'));
    expect(pathIds.filter((p) => p.schema?.format !== 'uuid').map((p) => p.name)).toEqual([]);
  });

  it('then `limit` of the paged reads is an integer', () => {
    const limits = api.flatMap(({ op }) => ((op.parameters ?? []) as Json[]).filter((p) => p.name === 'limit'));
    expect(limits.length).toBeGreaterThanOrEqual(2);
    expect(limits.filter((p) => p.schema.type !== 'integer')).toEqual([]);
  });

  it("given a draft built from the document's own examples, when it is posted, then it is recorded, and every read of it matches the document's response schemas", async () => {
    const body = schemaOf(doc.paths['/v1/agreements'].post.requestBody.content['application/json'].schema.$ref);
    const missing = (body.required as string[]).filter((name) => body.properties[name].example === undefined);
    expect(missing).toEqual([]);
    const draft = Object.fromEntries(
      Object.entries(body.properties as Record<string, Json>)
        .filter(([, property]) => property.example !== undefined)
        .map(([name, property]) => [name, property.example]),
    );

    const created = await authorized('/v1/agreements', { method: 'POST', body: JSON.stringify(draft) });
    expect({ status: created.status, body: await created.json() }).toEqual({ status: 201, body: expect.anything() });
    const agreementId = created.headers.get('location')!.split('/').pop()!;

    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const check = async (path: string, operationPath: string) => {
      const response = await authorized(path);
      expect(response.status).toBe(200);
      const schema = doc.paths[operationPath].get.responses['200'].content['application/json'].schema;
      const validate = ajv.compile({ components: doc.components, allOf: [schema] });
      const json = await response.json();
      validate(json);
      expect({ path, errors: validate.errors ?? [] }).toEqual({ path, errors: [] });
      // The schemas are closed: a field the server added without its schema would fail above.
      expect(validate({ ...json, unexpected: true })).toBe(false);
      return json as Json;
    };
    const position = (await check(`/v1/agreements/${agreementId}`, '/v1/agreements/{agreementId}')).position;
    const page = await check(`/v1/agreements?minPosition=${position}`, '/v1/agreements');
    expect(page.items.map((item: Json) => item.agreementId)).toContain(agreementId);
    await check(`/v1/agreements/${agreementId}/history`, '/v1/agreements/{agreementId}/history');
    await check(`/v1/portfolio/vn-hue?minPosition=${position}`, '/v1/portfolio/{nodeId}');
    await check(`/v1/portfolio/vn-hue?asOf=${position}`, '/v1/portfolio/{nodeId}');

    // An error answer matches the Problem schema too.
    const refused = await authorized(`/v1/agreements/${agreementId}/propose`, {
      method: 'POST',
      headers: { 'if-match': '"41"' },
      body: '{}',
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = ajv.compile({ components: doc.components, allOf: [{ $ref: '#/components/schemas/Problem' }] });
    const json = await refused.json();
    expect({ valid: problem(json), errors: problem.errors ?? [], currentRevision: json.currentRevision }).toEqual({
      valid: true,
      errors: [],
      currentRevision: 0,
    });
  });
});
