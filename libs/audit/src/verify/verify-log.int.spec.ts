import { afterAll, describe, expect, it } from '@jest/globals';
import { openPostgresEventStore, type SqlClient } from '@ketnoi/event-store';
import { nodeSigner } from '@ketnoi/federation/keys';
import { v7 as uuidv7 } from 'uuid';
import { hue, keys, note, sqlBackends } from '../testing/signed-notes.js';
import { verifyLog } from './verify-log.js';

const backends = sqlBackends('audit');

describe.each(backends)('audit verify on %s', (_name, open) => {
  const opened: SqlClient[] = [];
  afterAll(async () => {
    for (const sql of opened) await sql.close();
  });

  it('given an intact signed log, when one byte of a stored event is altered in the database, then verify names exactly that event', async () => {
    const sql = await open();
    opened.push(sql);
    const store = await openPostgresEventStore({ sql, nodeId: 'vn-hue', signer: nodeSigner('vn-hue', { privateKey: hue.privateKey }) });
    const streams = [`agreement-${uuidv7()}`, `agreement-${uuidv7()}`];
    for (const s of streams) await store.appendToStream(s, [note('Huế'), note('Cần Thơ'), note('Đà Nẵng')]);
    const intact = await verifyLog(store, keys, { pageSize: 2 });
    expect(intact).toMatchObject({ events: 6, streams: 2, signaturesChecked: 6, breaks: [] });

    const [target] = await store.readStream(streams[1]!, { fromRevision: 1, maxCount: 1 });
    // One accent: "Thơ" becomes "Thớ", as a forger would touch a name or an amount.
    await sql.query(`update events set data = jsonb_set(data, '{text}', '"Cần Thớ"') where event_id = $1`, [target!.eventId]);
    const tampered = await verifyLog(store, keys);
    expect(tampered.breaks).toEqual([
      expect.objectContaining({ streamId: streams[1], revision: 1, eventId: target!.eventId, problem: 'hash', found: target!.metadata.hash }),
    ]);
    await store.close();
  });

  it('given events that are unsigned or from a node missing in the trust registry, then each is reported', async () => {
    const sql = await open();
    opened.push(sql);
    const unsigned = await openPostgresEventStore({ sql, nodeId: 'vn-hue' });
    const stream = `agreement-${uuidv7()}`;
    await unsigned.appendToStream(stream, [note('không ký')]);
    await unsigned.close();
    const signed = await openPostgresEventStore({ sql, nodeId: 'vn-hue', signer: nodeSigner('vn-hue', { privateKey: hue.privateKey }) });
    await signed.appendToStream(stream, [note('đã ký')], { expectedRevision: 0 });
    expect((await verifyLog(signed, keys)).breaks).toEqual([
      expect.objectContaining({ streamId: stream, revision: 0, problem: 'unsigned' }),
    ]);
    const withoutRegistry = await verifyLog(signed, () => undefined);
    expect(withoutRegistry.breaks.map((b) => [b.revision, b.problem])).toEqual([
      [0, 'unsigned'],
      [1, 'unknown-origin'],
    ]);
    await signed.close();
  });
});
