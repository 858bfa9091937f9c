import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

/** Name of the bearer scheme in `components.securitySchemes`, required globally. */
export const BEARER_SCHEME = 'bearer';

/** The body of every error response (problem.ts, error-to-problem.ts), RFC 9457 plus our members. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is the stable, machine-readable reason',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:ketnoi:problem:invalid-request' },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string' },
    code: { type: 'string', example: 'INVALID_REQUEST' },
    instance: { type: 'string', description: 'The request path', example: '/v1/agreements' },
    errors: {
      type: 'array',
      description: 'Every bad field of the request, by its path in the request',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', example: 'parties[1].country' },
          message: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
    currentRevision: {
      type: 'integer',
      minimum: 0,
      description: 'On a 409 for a stale If-Match: the revision the agreement is at now',
    },
  },
} as const;

/**
 * What each error status means on every route that can answer it. Routes may say more about a
 * status (their own description is kept); these fill in the ones a route does not declare.
 */
const COMMON_ERRORS = {
  400: 'Invalid request: a bad or unknown parameter or field, each one named in `errors`',
  401: 'No valid bearer token (missing, malformed, expired or signed by a key this node does not trust)',
  403: "The token's role or node may not do this",
  404: 'No such resource, or one the caller may not read (they answer alike)',
  413: 'Request body larger than 1 MiB',
  415: 'Request body is not application/json',
  503: 'Storage unavailable, or `minPosition` not reached in time; retry after `Retry-After` seconds',
} as const satisfies Record<number, string>;

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  agreements: 'Commands on agreements (each one an event in the agreement stream) and reads of one agreement',
  'read models': 'Lists and portfolios from the read models, with read-your-writes through `minPosition`',
  audit: 'Chain verification, replay to a point in time and export of the audit trail',
  iati: 'IATI activity XML export and import',
  admin: 'Operation of the node: projection rebuilds',
  federation: 'Messages from partner nodes the inbound refused (quarantine)',
  health: 'Liveness and readiness probes (no token)',
  metrics: 'Prometheus metrics (no token)',
};

type Json = Record<string, unknown>;
type Operation = Json & {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Json[];
  requestBody?: Json;
  responses?: Record<string, Json>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/**
 * Completes the document Nest builds from the decorators with what holds for every route by
 * construction, so that no controller can forget it: bearer security on `/v1`, the error
 * statuses the platform answers everywhere (authentication, body limits, storage), the Problem
 * body on every error response, `additionalProperties: false` on request bodies (the validation
 * pipe refuses unknown fields), the tags' descriptions, and named response schemas.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const doc = document as unknown as Json & { paths: Record<string, Json>; components?: Json; tags?: Json[] };
  const components = (doc.components ??= {}) as { schemas?: Json; securitySchemes?: Json };
  const schemas = (components.schemas ??= {}) as Record<string, Json>;
  schemas['Problem'] = PROBLEM_SCHEMA as unknown as Json;
  const usedTags = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      completeOperation(path, operation);
      for (const tag of operation.tags ?? []) usedTags.add(tag);
      if (operation.requestBody) closeRequestBody(operation.requestBody, schemas);
    }
  }
  doc.paths = hoistTitledSchemas(doc.paths, schemas) as Record<string, Json>;
  const declared = new Map((doc.tags ?? []).map((tag) => [tag['name'] as string, tag]));
  for (const tag of [...usedTags].sort()) {
    if (!declared.has(tag)) declared.set(tag, { name: tag, description: TAG_DESCRIPTIONS[tag] ?? tag });
  }
  doc.tags = [...declared.values()];
  return document;
}

function completeOperation(path: string, operation: Operation): void {
  const isApi = path.startsWith('/v1/');
  // Health, metrics and the document itself are open; everything under /v1 needs the bearer token.
  if (!isApi) operation.security = [];
  operation.description ??= operation.summary;
  const responses = (operation.responses ??= {});
  if (isApi) {
    const statuses: (keyof typeof COMMON_ERRORS)[] = [400, 401, 403, 503];
    if (path.includes('{')) statuses.push(404);
    if (operation.requestBody) statuses.push(413, 415);
    for (const status of statuses) responses[status] ??= { description: COMMON_ERRORS[status] };
  }
  // An error response a route describes with its own body (the health report) keeps it.
  for (const [status, response] of Object.entries(responses)) {
    if ((!/^[45]/.test(status) && status !== 'default') || response['content']) continue;
    response['content'] = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } };
  }
}

/** The validation pipe refuses unknown fields (`forbidNonWhitelisted`): the schemas say so. */
function closeRequestBody(requestBody: Json, schemas: Record<string, Json>): void {
  const content = (requestBody['content'] ?? {}) as Record<string, { schema?: Json }>;
  const json = content['application/json']?.schema;
  if (json) closeSchema(json, schemas, new Set());
}

function closeSchema(schema: Json, schemas: Record<string, Json>, seen: Set<Json>): void {
  const ref = schema['$ref'];
  const target = typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')] : schema;
  if (!target || seen.has(target)) return;
  seen.add(target);
  const properties = target['properties'] as Record<string, Json> | undefined;
  if (target['type'] === 'object' || properties) target['additionalProperties'] ??= false;
  for (const property of Object.values(properties ?? {})) closeSchema(property, schemas, seen);
  const items = target['items'] as Json | undefined;
  if (items) closeSchema(items, schemas, seen);
  for (const member of (target['allOf'] ?? []) as Json[]) closeSchema(member, schemas, seen);
}

/**
 * Routes describe their responses with plain schemas; one with a `title` is a named schema of the
 * API (`AgreementView`): it moves to `components.schemas` and its uses become references, so that
 * clients generate one type for it however many routes return it.
 */
function hoistTitledSchemas(node: unknown, schemas: Record<string, Json>): unknown {
  if (Array.isArray(node)) return node.map((child) => hoistTitledSchemas(child, schemas));
  if (node === null || typeof node !== 'object') return node;
  // A copy: the schemas are constants of the libraries, and the document may be built again.
  const copy = Object.fromEntries(
    Object.entries(node as Json).map(([key, value]) =>
      // Examples are data, not schemas: a `title` in them names nothing.
      key === 'example' || key === 'examples' ? [key, value] : [key, hoistTitledSchemas(value, schemas)],
    ),
  );
  const title = copy['title'];
  if (typeof title !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(title) || !('type' in copy)) return copy;
  schemas[title] = copy;
  return { $ref: `#/components/schemas/${title}` };
}
