import { PGlite } from '@electric-sql/pglite';
import {
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
  type SqlClient,
  type SqlQueryable,
} from '@ketnoi/event-store';
import type { TestStorage } from './agreements-test-app.js';

/**
 * INTERIM test storage, used only until libs/event-store ships its PGlite/PostgreSQL adapters
 * (`createPgliteSqlClient`, `openPostgresEventStore`); then storage.ts switches to those.
 * SQL (idempotency keys) runs on real in-memory PGlite; the event log is an in-memory
 * implementation of the EventStore port with the port's append semantics (atomic, expected
 * revision checked at append time). It computes no hashes: the tests here do not check them.
 */
export async function interimPgliteStorage(nodeId: string): Promise<TestStorage> {
  // The write API uses only these members of the port (readAll, subscriptions and checkpoints are not).
  return { sql: await pgliteSqlClient(), store: new InMemoryEventStore(nodeId) as unknown as EventStore };
}

async function pgliteSqlClient(): Promise<SqlClient> {
  const db = await PGlite.create();
  const on = (target: Pick<PGlite, 'query'>): SqlQueryable => ({
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await target.query<Row>(text, params ? [...params] : undefined);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
  });
  return {
    dialect: 'pglite',
    ...on(db),
    transaction: (fn) => db.transaction((tx) => fn(on(tx))),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

class InMemoryEventStore implements Pick<
  EventStore,
  'appendToStream' | 'readStream' | 'headPosition' | 'close'
> {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private position = 0n;

  constructor(private readonly nodeId: string) {}

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    // Yield first, as a database round trip would, so that concurrent appenders interleave.
    await new Promise((resolve) => setImmediate(resolve));
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length - 1;
    const expected = options?.expectedRevision ?? 'any';
    if (
      (expected === 'no_stream' && actual !== -1) ||
      (typeof expected === 'number' && expected !== actual)
    ) {
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    const recordedAt = new Date().toISOString();
    const recorded = events.map((event, i): RecordedEvent => {
      const revision = actual + 1 + i;
      return {
        ...structuredClone(event),
        streamId,
        revision,
        globalPosition: ++this.position,
        metadata: {
          ...event.metadata,
          originRevision: revision,
          recordedAt,
          prevHash: '0'.repeat(64),
          hash: '',
        },
      };
    });
    this.streams.set(streamId, [...stream, ...recorded]);
    return { nextExpectedRevision: actual + events.length, position: this.position, events: recorded };
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    const stream = this.streams.get(streamId);
    if (!stream?.length) throw new StreamNotFoundError(streamId);
    return stream.map((event) => structuredClone(event));
  }

  async headPosition(): Promise<bigint> {
    return this.position;
  }

  async close(): Promise<void> {
    this.streams.clear();
  }

  toString(): string {
    return `InMemoryEventStore(${this.nodeId})`;
  }
}
