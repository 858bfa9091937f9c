import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPgliteSqlClient, type SqlClient } from '@ketnoi/event-store';
import { openKurrentDbEventStore, openSqlCheckpointStore } from '@ketnoi/event-store/kurrentdb';
import { nodeSigner } from '@ketnoi/federation/keys';
import { v7 as uuidv7 } from 'uuid';
import { startKurrentDbTestServer, type KurrentDbTestServer } from '../../../../test/kurrentdb-test-server/index.js';
import { hue, keys, note } from '../testing/signed-notes.js';
import { verifyLog, WHOLE_LOG } from './verify-log.js';

// KurrentDB's commit positions have holes by design: verify must not call them deleted events,
// and still compares the readers' checkpoints (kept in SQL) with the log's end.
describe('audit verify on KurrentDB (gRPC test double)', () => {
  let server: KurrentDbTestServer;
  let sql: SqlClient;
  beforeAll(async () => {
    server = await startKurrentDbTestServer();
    sql = await createPgliteSqlClient({});
  });
  afterAll(async () => {
    await sql.close();
    await server.stop();
  });

  it('given a signed log with non-contiguous positions, then it verifies; when a reader checkpointed past its end, then that is reported', async () => {
    const store = openKurrentDbEventStore({
      connectionString: server.connectionString,
      nodeId: 'vn-hue',
      checkpoints: await openSqlCheckpointStore(sql),
      signer: nodeSigner('vn-hue', { privateKey: hue.privateKey }),
    });
    for (const stream of [`agreement-${uuidv7()}`, `agreement-${uuidv7()}`])
      await store.appendToStream(stream, [note('Huế'), note('Cần Thơ')]);
    const events = await store.readAll();
    expect(events.some((e, i) => i > 0 && e.globalPosition !== events[i - 1]!.globalPosition + 1n)).toBe(true);
    expect(await verifyLog(store, keys, { sql })).toMatchObject({ events: 4, streams: 2, signaturesChecked: 4, breaks: [] });

    const head = await store.headPosition();
    await store.checkpoints.save('relay-fr-nevers', head + 1000n);
    expect((await verifyLog(store, keys, { sql })).breaks).toEqual([
      expect.objectContaining({ streamId: WHOLE_LOG, problem: 'checkpoint', found: expect.stringMatching(/^kurrentdb_checkpoints\/relay-fr-nevers has read up to/) }),
    ]);
    await store.close();
  });
});
