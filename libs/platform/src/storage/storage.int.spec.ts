import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import {
  EVENT_STORE,
  SQL_CLIENT,
  type EventStore,
  type EventToAppend,
  type SqlClient,
} from '@ketnoi/event-store';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { startKurrentDbTestServer } from '../../../../test/kurrentdb-test-server/index.js';
import { NODE_CONTEXT } from '../node-context.js';
import { openStorage, StorageStartError, type StorageConfig } from './open-storage.js';
import { StorageModule } from './storage.module.js';

const drafted = (): EventToAppend => ({
  eventId: uuidv7(),
  type: 'NoteRecorded',
  schemaVersion: 1,
  data: { noteId: 'n1', text: 'Huế' },
  metadata: {
    actor: 'officer@vn-hue',
    actorNode: 'vn-hue',
    originNode: 'vn-hue',
    correlationId: uuidv7(),
    causationId: uuidv7(),
    occurredAt: '2026-11-22T10:00:00.000Z',
  },
});

/** Starts StorageModule as the hub does, appends one event, shuts the app down; returns what the store saw. */
async function roundTrip(
  config: StorageConfig,
  streamId: string,
): Promise<{ nodeId: string; revisions: number[] }> {
  const moduleRef = await Test.createTestingModule({ imports: [StorageModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    const sql = app.get<SqlClient>(SQL_CLIENT);
    expect(sql.dialect).toBe(config.storage.kind);
    await store.appendToStream(streamId, [drafted()]);
    const events = await store.readStream(streamId);
    return {
      nodeId: app.get<{ nodeId: string }>(NODE_CONTEXT).nodeId,
      revisions: events.map((event) => event.revision),
    };
  } finally {
    await app.close();
  }
}

describe('StorageModule', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-storage-'));
  const schema = uniqueSchemaName('storage');
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('given PGlite in a data dir, when the app closes and opens again, then the events are still there', async () => {
    const config: StorageConfig = {
      nodeId: 'vn-hue',
      storage: { kind: 'pglite', dataDir: join(dataDir, 'pglite') },
      eventLog: { kind: 'sql' },
    };
    const streamId = `agreement-${uuidv7()}`;
    expect(await roundTrip(config, streamId)).toEqual({ nodeId: 'vn-hue', revisions: [0] });
    // Reopening the same directory proves the first close released PGlite cleanly.
    expect(await roundTrip(config, streamId)).toEqual({ nodeId: 'vn-hue', revisions: [0, 1] });
  }, 60_000);

  it('given a PGlite template, when a fresh data dir is opened, then it is copied there instead of running initdb', async () => {
    const template = join(dataDir, 'template');
    const source = await PGlite.create(template);
    await source.exec('create table made_in_template (id int)');
    await source.close();
    const config: StorageConfig = {
      nodeId: 'vn-hue',
      storage: { kind: 'pglite', dataDir: join(dataDir, 'from-template') },
      eventLog: { kind: 'sql' },
    };
    const storage = await openStorage(config, { pgliteTemplate: template });
    try {
      await storage.store.appendToStream(`agreement-${uuidv7()}`, [drafted()]);
      const { rows } = await storage.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'made_in_template'`,
      );
      expect(rows[0]!.n).toBe(1);
    } finally {
      await storage.close();
    }
  }, 60_000);

  it('given DATABASE_URL, when started, then it stores on the PostgreSQL server', async () => {
    const config: StorageConfig = {
      nodeId: 'fr-nevers',
      storage: { kind: 'postgres', connectionString: testDatabaseUrl(), schema },
      eventLog: { kind: 'sql' },
    };
    const streamId = `agreement-${uuidv7()}`;
    expect(await roundTrip(config, streamId)).toEqual({ nodeId: 'fr-nevers', revisions: [0] });
    expect(await roundTrip(config, streamId)).toEqual({ nodeId: 'fr-nevers', revisions: [0, 1] });
  }, 60_000);

  it('given KURRENTDB_CONNECTION_STRING, when the app opens and reopens, then the log lives in KurrentDB and checkpoints in SQL', async () => {
    const server = await startKurrentDbTestServer();
    try {
      const config: StorageConfig = {
        nodeId: 'vn-hue',
        storage: { kind: 'pglite', dataDir: join(dataDir, 'beside-kurrentdb') },
        eventLog: { kind: 'kurrentdb', connectionString: server.connectionString },
      };
      const streamId = `agreement-${uuidv7()}`;
      expect(await roundTrip(config, streamId)).toEqual({ nodeId: 'vn-hue', revisions: [0] });
      expect(await roundTrip(config, streamId)).toEqual({ nodeId: 'vn-hue', revisions: [0, 1] });
      const storage = await openStorage(config);
      try {
        const tables = await storage.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'events'`,
        );
        expect(tables.rows[0]!.n).toBe(0);
      } finally {
        await storage.close();
      }
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('given an unreachable KurrentDB, when opened, then the start goes on, one line names KurrentDB and the address, and the store is not ready', async () => {
    const lines: string[] = [];
    const config: StorageConfig = {
      nodeId: 'vn-hue',
      storage: { kind: 'pglite', dataDir: join(dataDir, 'unreachable') },
      eventLog: { kind: 'kurrentdb', connectionString: 'kurrentdb://127.0.0.1:1?tls=false' },
    };
    const storage = await openStorage(config, { log: (line) => lines.push(line) });
    try {
      await expect(storage.store.headPosition()).rejects.toThrow();
      await until(() => lines.length > 0);
      expect(lines).toEqual(['KurrentDB unreachable at 127.0.0.1:1: /health/ready stays failing until it answers']);
    } finally {
      await storage.close();
    }
  }, 30_000);

  it('given a malformed KurrentDB connection string, when opened, then it refuses in one line naming the variable', async () => {
    const config: StorageConfig = {
      nodeId: 'vn-hue',
      storage: { kind: 'pglite', dataDir: join(dataDir, 'malformed') },
      eventLog: { kind: 'kurrentdb', connectionString: 'kurrentdb://?tls=false' },
    };
    await expect(openStorage(config)).rejects.toThrow(StorageStartError);
    await expect(openStorage(config)).rejects.toThrow(/^KURRENTDB_CONNECTION_STRING is malformed/);
  });
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
