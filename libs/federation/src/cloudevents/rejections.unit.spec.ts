import { describe, expect, it } from '@jest/globals';
import { decodeCloudEvent } from './decode-cloud-event.js';
import { decodeMessage } from './decode-event.js';
import { encodeEvent } from './encode-event.js';
import { fundingCommitted } from './fixtures.js';
import type { KafkaHeaderValue, KafkaMessageLike } from './kafka-message.js';

const good = encodeEvent(fundingCommitted, { sourceNode: 'vn-can-tho' });

/** Our good message with some headers changed (undefined removes one). */
function withHeaders(
  change: Record<string, KafkaHeaderValue>,
  rest: Partial<KafkaMessageLike> = {},
): KafkaMessageLike {
  const headers: Record<string, KafkaHeaderValue> = { ...good.headers, ...change };
  for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k];
  return { key: good.key, value: good.value, headers, ...rest };
}

const rejects = (message: KafkaMessageLike, field: string, reason: RegExp) =>
  expect(() => decodeMessage(message)).toThrow(
    expect.objectContaining({
      name: 'InvalidCloudEventError',
      field,
      reason: expect.stringMatching(reason),
    }) as unknown as Error,
  );

describe('what the CloudEvents spec forbids is rejected, naming the field', () => {
  it.each([
    ['no ce_specversion', { ce_specversion: undefined }, 'specversion', /required/],
    ['specversion 0.3', { ce_specversion: '0.3' }, 'specversion', /expected "1.0"/],
    ['specversion 1.1', { ce_specversion: '1.1' }, 'specversion', /unsupported version/],
    ['no ce_id', { ce_id: undefined }, 'id', /required/],
    ['an empty id', { ce_id: '' }, 'id', /empty/],
    ['no ce_source', { ce_source: undefined }, 'source', /required/],
    ['an empty source', { ce_source: '' }, 'source', /empty/],
    ['a source that is no URI reference', { ce_source: 'urn:ketnoi:node:vn hue' }, 'source', /uri-reference/],
    ['no ce_type', { ce_type: undefined }, 'type', /required/],
    ['an empty type', { ce_type: '' }, 'type', /empty/],
    ['an empty subject', { ce_subject: '' }, 'subject', /fewer than 1/],
    ['a time without zone', { ce_time: '2021-08-02T09:30:00' }, 'time', /date-time/],
    ['a time on 30 February', { ce_time: '2021-02-30T09:30:00Z' }, 'time', /date-time|RFC 3339/],
    ['a time at 24:00', { ce_time: '2021-02-03T24:00:00Z' }, 'time', /date-time|RFC 3339/],
    ['a relative dataschema', { ce_dataschema: 'schemas/a.json' }, 'dataschema', /uri/],
    ['an upper-case extension name', { ce_ketnoiHash: 'x' }, 'ce_ketnoiHash', /lower-case/],
    ['an extension name with an underscore', { ce_ketnoi_hash: 'x' }, 'ce_ketnoi_hash', /lower-case/],
    [
      'an extension name over 20 characters',
      { ce_ketnoiabcdefghijklmno: 'x' },
      'ce_ketnoiabcdefghijklmno',
      /at most 20/,
    ],
    [
      'an upper-case ce_ prefix',
      { CE_ID: good.headers['ce_id'], ce_id: undefined },
      'CE_ID',
      /prefix must be lower-case/,
    ],
    ['data in a header', { ce_data: '{}' }, 'ce_data', /message value/],
    [
      'a datacontenttype conflicting with content-type',
      { ce_datacontenttype: 'text/plain' },
      'ce_datacontenttype',
      /conflicts/,
    ],
    ['a content type that is no media type', { 'content-type': 'json' }, 'datacontenttype', /RFC 2046/],
    [
      'an attribute header given twice',
      { ce_id: [Buffer.from('a'), Buffer.from('b')] },
      'ce_id',
      /more than once/,
    ],
    ['a header that is not UTF-8', { ce_subject: Buffer.from([0xff, 0xfe]) }, 'ce_subject', /UTF-8/],
  ] as const)('%s', (_name, change, field, reason) => rejects(withHeaders(change), field, reason));

  it('rejects batch mode and structured formats other than JSON', () => {
    rejects(withHeaders({ 'content-type': 'application/cloudevents-batch+json' }), 'content-type', /batch/);
    rejects(withHeaders({ 'content-type': 'application/cloudevents+avro' }), 'content-type', /only JSON/);
  });

  it('rejects a structured event that breaks the rules, as in binary mode', () => {
    const structured = (event: object): KafkaMessageLike => ({
      key: null,
      value: Buffer.from(JSON.stringify(event)),
      headers: { 'content-type': 'application/cloudevents+json' },
    });
    const valid = { specversion: '1.0', id: '1', source: '/s', type: 't' };
    expect(decodeCloudEvent(structured(valid)).attributes).toEqual(valid);
    expect(() => decodeCloudEvent(structured({ ...valid, extension: { nested: true } }))).toThrow(
      /extension: attribute values/,
    );
    expect(() => decodeCloudEvent(structured({ ...valid, count: 2 ** 31 }))).toThrow(
      /count: a number attribute must be a 32-bit integer/,
    );
    expect(() => decodeCloudEvent(structured({ ...valid, data_base64: 'not base64!' }))).toThrow(
      /data_base64: must be RFC 4648/,
    );
    expect(() =>
      decodeCloudEvent({
        key: null,
        value: Buffer.from('{'),
        headers: { 'content-type': 'application/cloudevents+json' },
      }),
    ).toThrow(/value: is not valid JSON/);
    expect(() =>
      decodeCloudEvent({
        key: null,
        value: Buffer.from('[]'),
        headers: { 'content-type': 'application/cloudevents+json' },
      }),
    ).toThrow(/value: a CloudEvent must be a JSON object/);
  });

  it('rejects a message that is no CloudEvent at all', () => {
    expect(() => decodeCloudEvent({ key: null, value: Buffer.from('{}'), headers: {} })).toThrow(
      /specversion: is required/,
    );
    expect(() => decodeCloudEvent({ key: null, value: Buffer.from('{}') })).toThrow(
      /specversion: is required/,
    );
  });
});

describe('what a Kết nối event needs beyond a valid CloudEvent is rejected, naming the field', () => {
  it.each([
    ['a foreign type', { ce_type: 'com.example.someevent' }, 'type', /org\.ketnoi\.agreement\./],
    [
      'a type without schema version',
      { ce_type: 'org.ketnoi.agreement.FundingCommitted' },
      'type',
      /v<schemaVersion>/,
    ],
    ['a foreign source', { ce_source: '/mycontext' }, 'source', /urn:ketnoi:node:/],
    ['a source with a bad node id', { ce_source: 'urn:ketnoi:node:VN_HUE' }, 'source', /urn:ketnoi:node:/],
    ['an id that is no UUID', { ce_id: '1234-1234-1234' }, 'id', /UUID/],
    ['no subject', { ce_subject: undefined }, 'subject', /required/],
    ['no time', { ce_time: undefined }, 'time', /required/],
    ['no content type', { 'content-type': undefined }, 'datacontenttype', /application\/json/],
    ['text data', { 'content-type': 'text/plain' }, 'datacontenttype', /application\/json/],
    ['no revision', { ce_ketnoirevision: undefined }, 'ketnoirevision', /required/],
    ['a negative revision', { ce_ketnoirevision: '-1' }, 'ketnoirevision', /non-negative integer/],
    ['a revision with leading zero', { ce_ketnoirevision: '03' }, 'ketnoirevision', /non-negative integer/],
    ['no hash', { ce_ketnoihash: undefined }, 'ketnoihash', /required/],
    ['an upper-case hash', { ce_ketnoihash: 'B'.repeat(64) }, 'ketnoihash', /SHA-256/],
    ['a short prevHash', { ce_ketnoiprevhash: 'a'.repeat(63) }, 'ketnoiprevhash', /SHA-256/],
    ['a malformed signature', { ce_ketnoisignature: 'c'.repeat(85) }, 'ketnoisignature', /base64url/],
    ['no actor', { ce_ketnoiactor: undefined }, 'ketnoiactor', /required/],
    ['a bad actor node', { ce_ketnoiactornode: 'Cần Thơ' }, 'ketnoiactornode', /node id/],
    ['no origin node', { ce_ketnoioriginnode: undefined }, 'ketnoioriginnode', /required/],
    ['no correlation id', { ce_ketnoicorrelationid: undefined }, 'ketnoicorrelationid', /required/],
    ['an empty causation id', { ce_ketnoicausationid: '' }, 'ketnoicausationid', /non-empty/],
  ] as const)('%s', (_name, change, field, reason) => rejects(withHeaders(change), field, reason));

  it('rejects a key that is not the stream id, missing data, and data that is not JSON', () => {
    rejects(withHeaders({}, { key: 'agreement-other' }), 'key', /stream id/);
    rejects(withHeaders({}, { value: null }), 'data', /required/);
    rejects(withHeaders({}, { value: Buffer.from('{"title": ') }), 'data', /not valid JSON/);
  });

  it('accepts a message without key, and ignores headers that are no CloudEvents attributes', () => {
    const decoded = decodeMessage(
      withHeaders({ traceparent: '00-abc-def-01', ce_futureextension: 'later' }, { key: null }),
    );
    expect(decoded.eventId).toBe(fundingCommitted.eventId);
  });
});
