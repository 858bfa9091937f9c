import { createPgliteSqlClient } from '../sql/pglite-sql-client.js';
import type { SqlClient } from '../sql/sql-client.js';
import { anEvent } from '../testing/index.js';
import { openPostgresEventStore } from './postgres-event-store.js';

// On PGlite one process owns the database, so the in-process notice of each append is all an
// idle reader needs: these tests wait an hour for it (the test's timeout ends them first), so a
// reader that was not woken by the notice fails instead of being rescued by a poll.
const AN_HOUR = 3_600_000;

// One in-memory database for the file (a PGlite start is the slow part); each test reads after
// the head it found.
let sql: SqlClient;
beforeAll(async () => {
  sql = await createPgliteSqlClient();
});
afterAll(() => sql.close());

describe('the append notice on PGlite', () => {
  it('given PGlite, the store says it sees every append; a store told otherwise polls', async () => {
    expect((await openPostgresEventStore({ sql, nodeId: 'hue' })).seesEveryAppend).toBe(true);
    expect((await openPostgresEventStore({ sql, nodeId: 'hue', seesEveryAppend: false })).seesEveryAppend).toBe(false);
  });

  it('given a reader that read up to a position, when an append past it committed before the reader waits, then the wait ends at once', async () => {
    const store = await openPostgresEventStore({ sql, nodeId: 'hue' });
    const readUpTo = await store.headPosition();
    await store.appendToStream('agreement-raced', [anEvent()]);

    await store.waitForAppend(AN_HOUR, readUpTo);

    expect(await store.readAll({ after: readUpTo })).toHaveLength(1);
  });

  it('given two stores on one database, when one appends, then a reader waiting on the other wakes', async () => {
    const writer = await openPostgresEventStore({ sql, nodeId: 'hue' });
    const reader = await openPostgresEventStore({ sql, nodeId: 'hue' });
    const readUpTo = await reader.headPosition();
    const waiting = reader.waitForAppend(AN_HOUR, readUpTo);

    await writer.appendToStream('agreement-other-store', [anEvent()]);

    await waiting;
    expect(await reader.readAll({ after: readUpTo })).toHaveLength(1);
  });

  it('given an idle subscription, then it does not read the log again until an append, which it then handles', async () => {
    const store = await openPostgresEventStore({ sql, nodeId: 'hue' });
    let caughtUp!: () => void;
    const idle = new Promise<void>((resolve) => (caughtUp = resolve));
    let handled!: (type: string) => void;
    const seen = new Promise<string>((resolve) => (handled = resolve));
    const sub = store.subscribeToAll({
      subscriptionId: 'idle-reader',
      startAfter: await store.headPosition(),
      handle: async (e) => handled(e.type),
      onCaughtUp: () => caughtUp(),
    });
    await idle;
    const readsWhenIdle = store.logReads();

    // Four of the old 50 ms polls' worth of idling.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(store.logReads()).toBe(readsWhenIdle);

    await store.appendToStream('agreement-woken', [anEvent('AgreementProposed')]);
    expect(await seen).toBe('AgreementProposed');
    await sub.stop();
  });
});
