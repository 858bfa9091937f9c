import { InvalidCloudEventError } from './errors.js';
import type { KafkaHeaderValue, KafkaMessageLike } from './kafka-message.js';
import { checkAttributeName, validateCloudEvent, type ValidCloudEvent } from './validate.js';

const CE_PREFIX = 'ce_';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Content modes of the Kafka protocol binding. */
export type ContentMode = 'binary' | 'structured';

export interface DecodedCloudEvent extends ValidCloudEvent {
  readonly mode: ContentMode;
}

/**
 * Reads any CloudEvent from a Kafka message (Kafka protocol binding 1.0):
 * - binary mode: attributes in `ce_*` headers, `content-type` is `datacontenttype`, the value is the data;
 * - structured mode (`content-type: application/cloudevents+json`): the value is the whole event in
 *   the JSON format, decoded and validated like a binary one; `ce_*` headers are then ignored, as
 *   the binding says the value alone carries the event;
 * - batch mode (`application/cloudevents-batch+json`) and other structured formats are rejected.
 */
export function decodeCloudEvent(message: KafkaMessageLike): DecodedCloudEvent {
  const headers = message.headers ?? {};
  const contentType = headerText(headers, 'content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/cloudevents-batch+json') {
    throw new InvalidCloudEventError(
      'content-type',
      'batch content mode is not supported; send one event per message',
    );
  }
  if (mediaType?.startsWith('application/cloudevents')) {
    if (mediaType !== 'application/cloudevents+json') {
      throw new InvalidCloudEventError(
        'content-type',
        `unsupported structured event format ${mediaType}; only JSON is read`,
      );
    }
    return { mode: 'structured', ...validateCloudEvent(parseJson(message.value, 'value')) };
  }
  return { mode: 'binary', ...decodeBinary(message, headers, contentType) };
}

function decodeBinary(
  message: KafkaMessageLike,
  headers: Readonly<Record<string, KafkaHeaderValue>>,
  contentType: string | undefined,
): ValidCloudEvent {
  const event: Record<string, unknown> = {};
  for (const header of Object.keys(headers)) {
    if (header.slice(0, CE_PREFIX.length).toLowerCase() !== CE_PREFIX || headers[header] === undefined)
      continue;
    if (!header.startsWith(CE_PREFIX))
      throw new InvalidCloudEventError(header, 'the ce_ prefix must be lower-case');
    const name = header.slice(CE_PREFIX.length);
    if (name === 'data')
      throw new InvalidCloudEventError(header, 'data travels in the message value, not in a header');
    if (name === 'datacontenttype') {
      // The binding maps datacontenttype to content-type only, yet the JavaScript SDK writes both:
      // a redundant copy is tolerated, a conflicting one is not.
      const copy = headerText(headers, header);
      if (contentType !== undefined && copy !== contentType) {
        throw new InvalidCloudEventError(
          header,
          `conflicts with content-type ${JSON.stringify(contentType)}`,
        );
      }
      contentType ??= copy;
      continue;
    }
    checkAttributeName(name, header);
    event[name] = headerText(headers, header);
  }
  if (event['specversion'] === undefined) {
    throw new InvalidCloudEventError('specversion', 'is required (header ce_specversion); not a CloudEvent');
  }
  if (contentType !== undefined) event['datacontenttype'] = contentType;
  if (message.value !== null && message.value !== undefined) {
    if (contentType !== undefined && isJsonMediaType(contentType)) {
      event['data'] = parseJson(message.value, 'data');
    } else {
      event['data_base64'] = Buffer.from(message.value).toString('base64');
    }
  }
  return validateCloudEvent(event);
}

/** `application/json` or any `+json` suffix, parameters ignored. */
export function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function headerText(headers: Readonly<Record<string, KafkaHeaderValue>>, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    // Kafka allows a header name twice; an attribute has exactly one value.
    if (value.length !== 1) throw new InvalidCloudEventError(name, 'header appears more than once');
    return asText(value[0] as Buffer | string, name);
  }
  return asText(value as Buffer | string, name);
}

function asText(value: Buffer | string, field: string): string {
  if (typeof value === 'string') return value;
  try {
    return utf8.decode(value);
  } catch {
    throw new InvalidCloudEventError(field, 'is not valid UTF-8');
  }
}

function parseJson(value: Buffer | string | null, field: string): unknown {
  if (value === null || value === undefined) throw new InvalidCloudEventError(field, 'is empty');
  try {
    return JSON.parse(asText(value, field));
  } catch (error) {
    if (error instanceof InvalidCloudEventError) throw error;
    throw new InvalidCloudEventError(field, `is not valid JSON: ${(error as Error).message}`);
  }
}
