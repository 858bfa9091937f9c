import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RecordedEvent } from '@ketnoi/event-store';
import { decodeMessage } from './decode-event.js';
import { encodeEvent } from './encode-event.js';
import { InvalidCloudEventError } from './errors.js';
import { fundingCommitted } from './fixtures.js';

/** What survives the trip: everything but the node-local fields. */
function replicated(event: RecordedEvent) {
  const { globalPosition: _position, metadata, ...rest } = event;
  const { recordedAt: _recordedAt, ...kept } = metadata;
  return { ...rest, metadata: kept };
}

describe('CloudEvents Kafka codec', () => {
  it('encodes an event in binary content mode with the attributes of docs/design.md', () => {
    const message = encodeEvent(fundingCommitted, { sourceNode: 'vn-can-tho' });
    expect(message.key).toBe(fundingCommitted.streamId);
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: '01938f4e-7c1a-7d2e-9b3f-5a6c7d8e9f01',
      ce_source: 'urn:ketnoi:node:vn-can-tho',
      ce_type: 'org.ketnoi.agreement.FundingCommitted.v2',
      ce_subject: 'agreement-01938f4e-0000-7000-8000-000000000001',
      ce_time: '2021-08-02T09:30:00.123+07:00',
      'content-type': 'application/json',
      ce_ketnoirevision: '3',
      ce_ketnoihash: 'b'.repeat(64),
      ce_ketnoiprevhash: 'a'.repeat(64),
      ce_ketnoisignature: 'c'.repeat(86),
      ce_ketnoiactor: 'officer:nguyễn.văn.a@cantho.gov.vn',
      ce_ketnoiactornode: 'vn-can-tho',
      ce_ketnoioriginnode: 'vn-can-tho',
      ce_ketnoicorrelationid: '01938f4e-7c1a-7d2e-9b3f-5a6c7d8e9f00',
      ce_ketnoicausationid: 'cmd-42',
    });
    expect(JSON.parse(message.value.toString('utf8'))).toEqual(fundingCommitted.data);
  });

  it('round-trips the envelope exactly: Vietnamese text, the money string 1011800000000, time as written', () => {
    const decoded = decodeMessage(encodeEvent(fundingCommitted, { sourceNode: 'vn-can-tho' }));
    expect(decoded).toEqual(replicated(fundingCommitted));
    const data = decoded.data as { title: { vi: string }; amount: { amount: string } };
    expect(data.amount.amount).toBe('1011800000000');
    expect(data.title.vi).toBe('Đề án xây dựng đô thị thông minh thành phố Cần Thơ');
    expect(decoded.metadata.occurredAt).toBe('2021-08-02T09:30:00.123+07:00');
  });

  it('round-trips through Kafka-shaped bytes: Buffer headers and values, as kafkajs delivers them', () => {
    const message = encodeEvent(fundingCommitted, { sourceNode: 'fr-nevers' });
    const received = {
      key: Buffer.from(message.key),
      value: Buffer.from(message.value),
      headers: Object.fromEntries(
        Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(v, 'utf8')]),
      ),
    };
    expect(decodeMessage(received)).toEqual(replicated(fundingCommitted));
  });

  it('round-trips an unsigned event without inventing a signature', () => {
    const { signature: _signature, ...metadata } = fundingCommitted.metadata;
    const unsigned = { ...fundingCommitted, metadata };
    const message = encodeEvent(unsigned, { sourceNode: 'vn-can-tho' });
    expect(message.headers).not.toHaveProperty('ce_ketnoisignature');
    expect(decodeMessage(message).metadata).not.toHaveProperty('signature');
  });

  it('round-trips any JSON data and any actor text (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.string({ minLength: 1, unit: 'grapheme' }),
        fc.nat({ max: 1_000_000 }),
        (data, actor, revision) => {
          const event = {
            ...fundingCommitted,
            revision,
            data: JSON.parse(JSON.stringify(data)) as RecordedEvent['data'],
            metadata: { ...fundingCommitted.metadata, actor, originRevision: revision },
          };
          expect(decodeMessage(encodeEvent(event, { sourceNode: 'vn-hue' }))).toEqual(replicated(event));
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ['a type that is not PascalCase', { type: 'funding.committed' }, 'type'],
    ['schemaVersion 0', { schemaVersion: 0 }, 'type'],
    [
      'an occurredAt that is not RFC 3339',
      { metadata: { ...fundingCommitted.metadata, occurredAt: '2 Aug 2021' } },
      'time',
    ],
    [
      'a hash that is not SHA-256 hex',
      { metadata: { ...fundingCommitted.metadata, hash: 'xyz' } },
      'ketnoihash',
    ],
    [
      'originRevision unlike revision',
      { metadata: { ...fundingCommitted.metadata, originRevision: 9 } },
      'ketnoirevision',
    ],
    ['an eventId that is not a UUID', { eventId: 'not-a-uuid' }, 'id'],
  ])('refuses to encode %s, naming the field', (_name, change, field) => {
    const event = { ...fundingCommitted, ...change } as RecordedEvent;
    expect(() => encodeEvent(event, { sourceNode: 'vn-can-tho' })).toThrow(
      expect.objectContaining({ name: 'InvalidCloudEventError', field }) as unknown as Error,
    );
  });

  it('refuses a source node that is not a node id', () => {
    expect(() => encodeEvent(fundingCommitted, { sourceNode: 'Vn Hue' })).toThrow(/nodeId must be a node id/);
  });

  it('tags its errors as not retriable', () => {
    const error = new InvalidCloudEventError('id', 'must not be empty');
    expect(error).toMatchObject({
      code: 'INVALID_CLOUD_EVENT',
      retriable: false,
      message: 'id: must not be empty',
    });
  });
});
