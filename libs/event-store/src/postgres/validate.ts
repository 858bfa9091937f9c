import type { EventToAppend, ExpectedRevision } from '../port/index.js';

const fail = (field: string, why: string): never => {
  throw new TypeError(`${field}: ${why}`);
};
const text = (v: unknown, field: string): void => {
  if (typeof v !== 'string' || v.length === 0) fail(field, 'must be a non-empty string');
};

/** Bad input fails before any SQL, with the field named. */
export function validateAppend(streamId: unknown, events: unknown, expected: unknown): void {
  text(streamId, 'streamId');
  if (!Array.isArray(events) || events.length === 0) fail('events', 'must be a non-empty array');
  if (!(expected === 'any' || expected === 'no_stream' || (Number.isInteger(expected) && (expected as number) >= 0)))
    fail('expectedRevision', `must be 'any', 'no_stream' or a revision >= 0, got ${String(expected)}`);
  (events as EventToAppend[]).forEach((e, i) => {
    const at = `events[${i}]`;
    if (typeof e !== 'object' || e === null) fail(at, 'must be an object');
    text(e.eventId, `${at}.eventId`);
    text(e.type, `${at}.type`);
    if (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1) fail(`${at}.schemaVersion`, 'must be an integer >= 1');
    if (e.data === undefined) fail(`${at}.data`, 'is required');
    if (typeof e.metadata !== 'object' || e.metadata === null) fail(`${at}.metadata`, 'must be an object');
    for (const k of ['actor', 'actorNode', 'originNode', 'correlationId', 'causationId', 'occurredAt'] as const)
      text(e.metadata[k], `${at}.metadata.${k}`);
  });
}

export const isExpectedRevision = (v: unknown): v is ExpectedRevision =>
  v === 'any' || v === 'no_stream' || typeof v === 'number';
