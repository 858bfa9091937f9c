import type { ApiResponseSchemaHost } from '@nestjs/swagger';

type SchemaObject = ApiResponseSchemaHost['schema'];
/**
 * OpenAPI schema of `GET /v1/agreements/{id}/history` (`recordedEventView` over the envelope of
 * libs/event-store/src/port/events.ts). `data` is the event's own payload, one shape per type and
 * schema version; the envelope around it is fixed and closed.
 */
const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const string = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;

const RECORDED_METADATA: SchemaObject = {
  title: 'RecordedMetadata',
  type: 'object',
  properties: {
    actor: { ...string, description: 'Who acted (JWT `sub`, or `system:<process>`)' },
    actorNode: string,
    originNode: { ...string, description: 'The node whose log first recorded the event' },
    correlationId: string,
    causationId: string,
    occurredAt: instant,
    originRevision: { type: 'integer', minimum: 0 },
    recordedAt: instant,
    prevHash: { ...sha256, description: '`hash` of the previous event; 64 zeros at revision 0' },
    hash: { ...sha256, description: 'SHA-256 over the RFC 8785 encoding of the hashed fields' },
    signature: { ...string, description: 'Ed25519 signature of the origin node over `hash` (base64url)' },
  },
  required: [
    'actor',
    'actorNode',
    'originNode',
    'correlationId',
    'causationId',
    'occurredAt',
    'originRevision',
    'recordedAt',
    'prevHash',
    'hash',
  ],
  additionalProperties: false,
};

const RECORDED_EVENT: SchemaObject = {
  title: 'RecordedEvent',
  type: 'object',
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    streamId: { type: 'string', pattern: '^agreement-[0-9a-f-]{36}$', example: 'agreement-0190f5c2-7b7e-7cc4-9a51-3d1f0b2c4e5a' },
    revision: { type: 'integer', minimum: 0 },
    globalPosition: { type: 'string', pattern: '^[1-9]\\d*$' },
    type: { ...string, example: 'AgreementDrafted' },
    schemaVersion: { type: 'integer', minimum: 1 },
    data: { type: 'object', description: 'The event payload, as its type and schema version define it' },
    metadata: RECORDED_METADATA,
  },
  required: ['eventId', 'streamId', 'revision', 'globalPosition', 'type', 'schemaVersion', 'data', 'metadata'],
  additionalProperties: false,
};

export const AGREEMENT_HISTORY_SCHEMA: SchemaObject = {
  title: 'AgreementHistory',
  type: 'object',
  properties: {
    agreementId: { type: 'string', format: 'uuid' },
    events: { type: 'array', items: RECORDED_EVENT },
  },
  required: ['agreementId', 'events'],
  additionalProperties: false,
};
