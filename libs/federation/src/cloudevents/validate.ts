import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Json } from '@ketnoi/event-store';
import { InvalidCloudEventError } from './errors.js';
import { isRfc3339 } from './rfc3339.js';
import { cloudEventsV1Schema } from './schema.js';

/** Context attribute values in the CloudEvents type system (URI, Timestamp, ... travel as strings). */
export type CloudEventAttributeValue = string | number | boolean;

/** A CloudEvent that passed the schema and the spec's rules beyond it. */
export interface ValidCloudEvent {
  /** Every context attribute, standard and extension, as received (time is not normalised). */
  readonly attributes: Readonly<Record<string, CloudEventAttributeValue>>;
  readonly data?: Json;
  /** Binary data (base64), when the content type is not JSON. */
  readonly dataBase64?: string;
}

// ajv-formats is CommonJS: under nodenext its default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);
const schemaValid = ajv.compile(cloudEventsV1Schema);

const REQUIRED = ['specversion', 'id', 'source', 'type'] as const;
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
// The spec says attribute names SHOULD NOT exceed 20 characters; we hold peers to it strictly so
// that every SDK and broker header limit sees the same names.
const MAX_ATTRIBUTE_NAME = 20;
// RFC 2046 media type: type "/" subtype, then optional parameters.
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\s*;.*)?$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Validates a CloudEvent in its JSON form (structured mode, or the attributes gathered from binary
 * mode headers): the v1.0.2 JSON schema, then what the spec forbids that the schema lets through.
 */
export function validateCloudEvent(event: unknown): ValidCloudEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidCloudEventError('value', 'a CloudEvent must be a JSON object');
  }
  const object = event as Record<string, unknown>;
  for (const name of REQUIRED) {
    const value = object[name];
    if (value === undefined || value === null) throw new InvalidCloudEventError(name, 'is required');
    if (typeof value !== 'string') throw new InvalidCloudEventError(name, 'must be a string');
    if (value === '') throw new InvalidCloudEventError(name, 'must not be empty');
  }
  // The schema accepts any non-empty specversion; this codec speaks 1.0 only.
  if (object['specversion'] !== '1.0') {
    throw new InvalidCloudEventError(
      'specversion',
      `unsupported version ${JSON.stringify(object['specversion'])}, expected "1.0"`,
    );
  }
  if (!schemaValid(object)) throw fromSchemaError(schemaValid.errors?.[0]);
  if ('data' in object && 'data_base64' in object) {
    throw new InvalidCloudEventError('data_base64', 'an event carries data or data_base64, never both');
  }

  const attributes: Record<string, CloudEventAttributeValue> = {};
  let data: Json | undefined;
  let dataBase64: string | undefined;
  for (const [name, value] of Object.entries(object)) {
    if (name === 'data') {
      data = value as Json;
      continue;
    }
    if (name === 'data_base64') {
      if (value !== null) dataBase64 = checkBase64(value as string);
      continue;
    }
    checkAttributeName(name, name);
    if (value === null) continue; // JSON format: null means absent (the schema allows it for optional attributes)
    attributes[name] = checkAttributeValue(name, value);
  }
  if (typeof attributes['time'] === 'string') checkTime(attributes['time']);
  const contentType = attributes['datacontenttype'];
  if (typeof contentType === 'string' && !MEDIA_TYPE.test(contentType)) {
    throw new InvalidCloudEventError(
      'datacontenttype',
      'must be an RFC 2046 media type, e.g. application/json',
    );
  }
  return {
    attributes,
    ...(data !== undefined ? { data } : {}),
    ...(dataBase64 !== undefined ? { dataBase64 } : {}),
  };
}

/** The `time` attribute: an RFC 3339 timestamp (the schema's date-time format lets more through). */
export function checkTime(value: string): void {
  if (!isRfc3339(value)) {
    throw new InvalidCloudEventError('time', 'must be an RFC 3339 timestamp, e.g. 2018-04-05T17:31:00Z');
  }
}

/** `field` is what an error names: the attribute, or the Kafka header it came from. */
export function checkAttributeName(name: string, field: string): void {
  if (!ATTRIBUTE_NAME.test(name)) {
    throw new InvalidCloudEventError(
      field,
      'attribute names must be lower-case ASCII letters and digits only',
    );
  }
  if (name.length > MAX_ATTRIBUTE_NAME) {
    throw new InvalidCloudEventError(
      field,
      `attribute names must be at most ${MAX_ATTRIBUTE_NAME} characters`,
    );
  }
}

function checkAttributeValue(name: string, value: unknown): CloudEventAttributeValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    // The type system's Integer is a signed 32-bit integer; nothing else is a number attribute.
    if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return value;
    throw new InvalidCloudEventError(name, 'a number attribute must be a 32-bit integer');
  }
  throw new InvalidCloudEventError(name, 'attribute values must be strings, integers or booleans');
}

function checkBase64(value: string): string {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)) {
    throw new InvalidCloudEventError('data_base64', 'must be RFC 4648 base64');
  }
  return value;
}

function fromSchemaError(error: ErrorObject | undefined): InvalidCloudEventError {
  if (!error) return new InvalidCloudEventError('value', 'does not match the CloudEvents schema');
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  const field = missing ?? (error.instancePath.replace(/^\//, '').split('/')[0] || 'value');
  return new InvalidCloudEventError(
    field,
    `${error.message ?? 'is invalid'} (CloudEvents schema ${error.schemaPath})`,
  );
}
