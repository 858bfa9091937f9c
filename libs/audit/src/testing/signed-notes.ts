import { generateKeyPairSync } from 'node:crypto';
import { createPgliteSqlClient, createPgSqlClient, type EventToAppend, type SqlClient } from '@ketnoi/event-store';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { v7 as uuidv7 } from 'uuid';

/** vn-hue's key pair for the verify tests, and the one trust registry they need. */
export const hue = generateKeyPairSync('ed25519');
export const keys = (node: string) => (node === 'vn-hue' ? hue.publicKey : undefined);

/** A note by vn-hue's officer: the smallest event that carries text to tamper with. */
export const note = (text: string): EventToAppend => ({
  eventId: uuidv7(),
  type: 'NoteRecorded',
  schemaVersion: 1,
  data: { noteId: uuidv7(), text },
  metadata: {
    actor: 'officer@vn-hue',
    actorNode: 'vn-hue',
    originNode: 'vn-hue',
    correlationId: uuidv7(),
    causationId: uuidv7(),
    occurredAt: '2026-11-22T10:00:00.000Z',
  },
});

/** The two SQL stores every verify test runs on: PGlite in memory and a fresh schema of the server. */
export const sqlBackends = (prefix: string): Array<[string, () => Promise<SqlClient>]> => [
  ['PGlite', () => createPgliteSqlClient({})],
  ['the PostgreSQL server', () => createPgSqlClient({ connectionString: testDatabaseUrl(), schema: uniqueSchemaName(prefix) })],
];
