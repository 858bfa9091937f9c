import type { KafkaHeaderValue } from '../cloudevents/index.js';
import type { InboxMessage } from '../transport/transport.js';

/**
 * An inbox message as kept in SQL (parked or quarantined): the exact bytes, base64, so a retry
 * decodes what arrived and an operator can see it, whatever encoding a forger used.
 */
export interface MessageRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  /** Header name -> values (a header may repeat), base64. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

const b64 = (v: Buffer | string): string => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v).toString('base64');

export function toMessageRecord(m: InboxMessage): MessageRecord {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(m.headers)) {
    if (value === undefined) continue;
    headers[name] = (Array.isArray(value) ? value : [value as Buffer | string]).map(b64);
  }
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    key: m.key === null ? null : b64(m.key),
    value: m.value === null ? null : b64(m.value),
    headers,
  };
}

export function fromMessageRecord(r: MessageRecord): InboxMessage {
  const headers: Record<string, KafkaHeaderValue> = {};
  for (const [name, values] of Object.entries(r.headers)) {
    const buffers = values.map((v) => Buffer.from(v, 'base64'));
    headers[name] = buffers.length === 1 ? buffers[0] : buffers;
  }
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    key: r.key === null ? null : Buffer.from(r.key, 'base64'),
    value: r.value === null ? null : Buffer.from(r.value, 'base64'),
    headers,
  };
}
