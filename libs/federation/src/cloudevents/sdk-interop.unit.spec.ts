import { describe, expect, it } from '@jest/globals';
import { CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import { decodeMessage } from './decode-event.js';
import { encodeEvent } from './encode-event.js';
import { fundingCommitted } from './fixtures.js';

// docs/design.md: messages are "readable by any CloudEvents SDK". The official JavaScript SDK's own
// Kafka binding is the proof, in both directions.
describe('interop with the CloudEvents JavaScript SDK Kafka binding', () => {
  it('the SDK reads our message and sees the same attributes and data', () => {
    const message = encodeEvent(fundingCommitted, { sourceNode: 'vn-can-tho' });
    const sdkMessage: KafkaMessage = {
      key: message.key,
      value: message.value,
      headers: { ...message.headers },
      body: message.value,
    };
    expect(Kafka.isEvent(sdkMessage)).toBe(true);

    const event = Kafka.toEvent(sdkMessage) as CloudEvent<unknown>;

    expect(event.validate()).toBe(true);
    expect(event.specversion).toBe('1.0');
    expect(event.id).toBe(fundingCommitted.eventId);
    expect(event.source).toBe('urn:ketnoi:node:vn-can-tho');
    expect(event.type).toBe('org.ketnoi.agreement.FundingCommitted.v2');
    expect(event.subject).toBe(fundingCommitted.streamId);
    expect(event.datacontenttype).toBe('application/json');
    // The SDK normalises time to UTC with milliseconds; the instant is the same.
    expect(Date.parse(event.time!)).toBe(Date.parse(fundingCommitted.metadata.occurredAt));
    expect(event.data).toEqual(fundingCommitted.data);
    const extensions = Object.fromEntries(
      Object.entries(event).filter(([name]) => name.startsWith('ketnoi')),
    );
    expect(extensions).toEqual(
      Object.fromEntries(
        Object.entries(message.headers)
          .filter(([name]) => name.startsWith('ce_ketnoi'))
          .map(([name, value]) => [name.slice(3), value]),
      ),
    );
    expect(Object.keys(extensions)).toHaveLength(9);
  });

  it('we read what the SDK writes in binary mode with our attributes', () => {
    const message = encodeEvent(fundingCommitted, { sourceNode: 'vn-can-tho' });
    const attributes = Object.fromEntries(
      Object.entries(message.headers)
        .filter(([name]) => name.startsWith('ce_'))
        .map(([name, value]) => [name.slice(3), value]),
    );
    const sdkEvent = new CloudEvent({
      ...attributes,
      datacontenttype: 'application/json',
      partitionkey: fundingCommitted.streamId,
      data: fundingCommitted.data,
    });
    const written = Kafka.binary(sdkEvent);
    const decoded = decodeMessage({
      key: written.key ?? null,
      value: Buffer.from(JSON.stringify(written.value)),
      headers: Object.fromEntries(
        // The SDK also writes partitionkey as an extension header (our decoder ignores unknown
        // extensions) and unset attributes as undefined, which a Kafka producer drops.
        Object.entries(written.headers)
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => [name, String(value)]),
      ),
    });
    expect(decoded.eventId).toBe(fundingCommitted.eventId);
    expect(decoded.data).toEqual(fundingCommitted.data);
    expect(decoded.metadata.hash).toBe(fundingCommitted.metadata.hash);
    // The SDK rewrote the time to UTC; the instant survives, the text does not (so the hash would
    // not match: only our encoder keeps occurredAt verbatim, which is why relays must use it).
    expect(Date.parse(decoded.metadata.occurredAt)).toBe(Date.parse(fundingCommitted.metadata.occurredAt));
  });
});
