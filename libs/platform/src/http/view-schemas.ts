import type { ApiResponseSchemaHost } from '@nestjs/swagger';
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  LANGUAGES,
  MILESTONE_OUTCOMES,
  NODE_ID_PATTERN,
  PARTY_ROLES,
} from '@ketnoi/domain';

type SchemaObject = ApiResponseSchemaHost['schema'];

/**
 * OpenAPI schemas of the agreement's JSON views (the domain's `statusView`, the read models'
 * `portfolioOf` and `listAgreements`), shared by every edge that serves them. A
 * `title` makes each a named schema of the document (openapi-contract.ts hoists them), and
 * `additionalProperties: false` makes a field added to a view without its schema fail the
 * contract test (test/contracts/openapi.e2e.spec.ts validates real responses against these).
 */
const string = { type: 'string' } as const;
const date = { type: 'string', format: 'date' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nodeId = { type: 'string', pattern: NODE_ID_PATTERN.source, example: 'vn-hue' } as const;
const decimal = { type: 'string', pattern: '^(0|[1-9]\\d*)(\\.\\d+)?$', example: '2500000.50' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const position = {
  type: 'string',
  pattern: '^[1-9]\\d*$',
  description: 'Global position in this node log, a 64-bit integer as a string',
} as const;
const closed = <P extends Record<string, SchemaObject>>(title: string, properties: P, required: (keyof P & string)[]): SchemaObject => ({
  title,
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const PARTY_STATE = closed(
  'PartyState',
  {
    nodeId,
    name: string,
    role: { type: 'string', enum: [...PARTY_ROLES] },
    country: { type: 'string', pattern: '^[A-Z]{2}$', example: 'VN' },
    countersigned: { type: 'boolean' },
    countersignedBy: { ...string, description: 'The actor who countersigned' },
    onBehalf: { type: 'boolean', description: 'Countersigned by a home officer on the party\'s behalf' },
    withdrawn: { type: 'boolean' },
  },
  ['nodeId', 'name', 'role', 'country', 'countersigned', 'withdrawn'],
);

const FUNDING_LINE = closed(
  'FundingLine',
  { donor: nodeId, currency: { type: 'string', pattern: '^[A-Z]{3}$' }, committed: decimal, disbursed: decimal },
  ['donor', 'currency', 'committed', 'disbursed'],
);

const MILESTONE = closed(
  'Milestone',
  {
    milestoneId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['PLANNED', 'REPORTED'] },
    title: string,
    dueDate: date,
    outcome: { type: 'string', enum: [...MILESTONE_OUTCOMES] },
    reportedBy: nodeId,
    reportedOn: date,
    note: string,
  },
  ['milestoneId', 'status', 'title', 'dueDate'],
);

const DOCUMENT_REF = closed(
  'DocumentRef',
  {
    documentId: { type: 'string', format: 'uuid' },
    name: string,
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    mediaType: string,
    sizeBytes: count,
  },
  ['documentId', 'name', 'sha256'],
);

/** One agreement: a row of `GET /v1/agreements` and the body of `GET /v1/agreements/{id}`. */
export const AGREEMENT_VIEW_SCHEMA = closed(
  'AgreementView',
  {
    agreementId: { type: 'string', format: 'uuid' },
    homeNode: { ...nodeId, description: 'The node that drafted it, the only writer of its stream' },
    title: string,
    titleTranslations: {
      type: 'object',
      properties: Object.fromEntries(LANGUAGES.map((language) => [language, string])),
      additionalProperties: false,
    },
    description: string,
    kind: { type: 'string', enum: [...AGREEMENT_KINDS] },
    status: { type: 'string', enum: [...AGREEMENT_STATUSES] },
    programme: string,
    themes: { type: 'array', items: string },
    parties: { type: 'array', items: PARTY_STATE },
    startDate: date,
    endDate: date,
    funding: { type: 'array', items: FUNDING_LINE },
    milestones: { type: 'array', items: MILESTONE },
    documents: { type: 'array', items: DOCUMENT_REF },
    noteIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
    notes: count,
    signedOn: date,
    activatedOn: date,
    suspensionReason: string,
    completedOn: date,
    summary: string,
    terminatedOn: date,
    terminationReason: string,
    expiredOn: date,
    revision: { ...count, description: 'Revision of the agreement stream (0-based); the ETag of the detail' },
    position,
    milestonesDone: count,
    milestonesTotal: count,
    countersigned: { ...count, description: 'Current parties that countersigned' },
    lastEvent: closed('LastEvent', { type: string, at: instant }, ['type', 'at']),
    asOf: { ...string, description: 'The `asOf` asked for, when the view is of a past point' },
  },
  [
    'agreementId',
    'homeNode',
    'title',
    'titleTranslations',
    'kind',
    'status',
    'themes',
    'parties',
    'funding',
    'milestones',
    'documents',
    'noteIds',
    'notes',
    'revision',
    'position',
    'milestonesDone',
    'milestonesTotal',
    'countersigned',
    'lastEvent',
  ],
);

export const AGREEMENT_PAGE_SCHEMA = closed(
  'AgreementPage',
  {
    items: { type: 'array', items: AGREEMENT_VIEW_SCHEMA },
    nextCursor: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last' },
  },
  ['items', 'nextCursor'],
);

const CURRENCY_TOTAL = closed(
  'CurrencyTotal',
  { currency: { type: 'string', pattern: '^[A-Z]{3}$' }, committed: decimal, disbursed: decimal },
  ['currency', 'committed', 'disbursed'],
);

export const PORTFOLIO_SCHEMA = closed(
  'Portfolio',
  {
    nodeId,
    agreements: count,
    byStatus: {
      type: 'object',
      properties: Object.fromEntries(AGREEMENT_STATUSES.map((status) => [status, count])),
      required: [...AGREEMENT_STATUSES],
      additionalProperties: false,
    },
    funding: { type: 'array', items: CURRENCY_TOTAL },
    milestones: closed('MilestoneTotals', { done: count, total: count }, ['done', 'total']),
    items: {
      type: 'array',
      items: closed(
        'PortfolioItem',
        {
          agreementId: { type: 'string', format: 'uuid' },
          title: string,
          status: { type: 'string', enum: [...AGREEMENT_STATUSES] },
          homeNode: nodeId,
          revision: count,
        },
        ['agreementId', 'title', 'status', 'homeNode', 'revision'],
      ),
    },
    asOf: { ...string, description: 'The `asOf` asked for, when the portfolio is of a past point' },
  },
  ['nodeId', 'agreements', 'byStatus', 'funding', 'milestones', 'items'],
);
