import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPgliteSqlClient,
  hashEvent,
  openPostgresEventStore,
  type PostgresEventStore,
  type SqlClient,
} from '@ketnoi/event-store';
import { nodeSigner } from '@ketnoi/federation/keys';
import { v7 as uuidv7 } from 'uuid';
import { hue, keys, note, sqlBackends } from '../testing/signed-notes.js';
import { verifyLog, WHOLE_LOG, type ChainBreak } from './verify-log.js';

// Tampering as someone with write access to the database would do it, on the real stores.

const problems = (breaks: readonly ChainBreak[]) => breaks.map((b) => [b.streamId === WHOLE_LOG ? WHOLE_LOG : 'stream', b.problem]);

interface Log {
  readonly sql: SqlClient;
  readonly store: PostgresEventStore;
  /** Stream a: revisions 0..2 at positions 1, 3, 5; stream b: 0..2 at 2, 4, 6. */
  readonly a: string;
  readonly b: string;
}

async function signedLog(sql: SqlClient): Promise<Log> {
  const store = await openPostgresEventStore({ sql, nodeId: 'vn-hue', signer: nodeSigner('vn-hue', { privateKey: hue.privateKey }) });
  const a = `agreement-${uuidv7()}`;
  const b = `agreement-${uuidv7()}`;
  for (const text of ['Huế', 'Cần Thơ', 'Đà Nẵng']) {
    await store.appendToStream(a, [note(text)]);
    await store.appendToStream(b, [note(text)]);
  }
  expect((await verifyLog(store, keys, { sql })).breaks).toEqual([]);
  return { sql, store, a, b };
}

const backends = sqlBackends('tamper');

describe.each(backends)('audit verify against tampering on %s', (_name, open) => {
  const opened: SqlClient[] = [];
  const log = async () => {
    const sql = await open();
    opened.push(sql);
    return signedLog(sql);
  };
  afterAll(async () => {
    for (const sql of opened) await sql.close();
  });

  it("given a signed log, when a stream's last event is deleted, then the hole in the positions is reported", async () => {
    const { sql, store, a } = await log();
    await sql.query('delete from events where stream_id = $1 and revision = 2', [a]);
    const { breaks } = await verifyLog(store, keys, { sql });
    expect(breaks).toEqual([expect.objectContaining({ streamId: WHOLE_LOG, problem: 'missing-positions', globalPosition: '5' })]);
  });

  it("given a signed log, when the log's last event is deleted, then log_head past the last event is reported", async () => {
    const { sql, store, b } = await log();
    await sql.query('delete from events where stream_id = $1 and revision = 2', [b]);
    const { breaks } = await verifyLog(store, keys, { sql });
    expect(breaks).toEqual([
      expect.objectContaining({ problem: 'missing-positions', globalPosition: '6', found: expect.stringMatching(/log_head is 6, the last event is at 5/) }),
    ]);
  });

  it('given a reader that read the whole log, when the last event is deleted and log_head lowered to match, then the checkpoint past the end is reported', async () => {
    const { sql, store, b } = await log();
    await store.checkpoints.save('relay-fr-nevers', 6n);
    await sql.query('delete from events where stream_id = $1 and revision = 2', [b]);
    await sql.query('update log_head set position = 5');
    const { breaks } = await verifyLog(store, keys, { sql });
    expect(breaks).toEqual([
      expect.objectContaining({ problem: 'checkpoint', globalPosition: '6', found: expect.stringMatching(/^checkpoints\/relay-fr-nevers has read up to position 6/) }),
    ]);
  });

  it('given a signed log, when a middle event is deleted (its foreign key dropped first), then the stream and the log both report it', async () => {
    const { sql, store, a } = await log();
    await sql.exec('alter table events drop constraint events_chain_fk');
    await sql.query('delete from events where stream_id = $1 and revision = 1', [a]);
    const { breaks } = await verifyLog(store, keys, { sql });
    expect(problems(breaks)).toEqual([
      [WHOLE_LOG, 'missing-positions'],
      ['stream', 'revision'],
      ['stream', 'prevHash'],
    ]);
    expect(breaks[1]).toMatchObject({ streamId: a, revision: 2, expected: '1', found: '2' });
  });

  it('given a signed log, when a forged event with a recomputed hash but no signature is appended through the counter, then it is reported unsigned', async () => {
    const { sql, store, a } = await log();
    const [last] = await store.readStream(a, { direction: 'backwards', maxCount: 1 });
    await forge(sql, { ...last!, eventId: uuidv7(), revision: 3, prevHash: last!.metadata.hash }, { bumpHead: true });
    const { breaks } = await verifyLog(store, keys, { sql });
    expect(breaks).toEqual([expect.objectContaining({ streamId: a, revision: 3, problem: 'unsigned' })]);
  });

  it('given a signed log, when a forged event with a valid-looking chain and a copied signature is put past log_head, then both are reported', async () => {
    const { sql, store, a } = await log();
    const [last] = await store.readStream(a, { direction: 'backwards', maxCount: 1 });
    await forge(sql, { ...last!, eventId: uuidv7(), revision: 3, prevHash: last!.metadata.hash }, { bumpHead: false, signature: last!.metadata.signature! });
    const { breaks } = await verifyLog(store, keys, { sql });
    expect(problems(breaks)).toEqual([
      ['stream', 'signature'],
      [WHOLE_LOG, 'log-head'],
    ]);
  });

  it("given a signed log, when two events of a stream swap their positions, then the stream's order is reported broken", async () => {
    const { sql, store, a } = await log();
    await sql.transaction(async (tx) => {
      await tx.query('update events set global_position = -1 where global_position = 1');
      await tx.query('update events set global_position = 1 where global_position = 3');
      await tx.query('update events set global_position = 3 where global_position = -1');
    });
    const { breaks } = await verifyLog(store, keys, { sql });
    expect(breaks.length).toBeGreaterThan(0);
    expect(breaks.every((b) => b.streamId === a && (b.problem === 'revision' || b.problem === 'prevHash'))).toBe(true);
  });

  it('given a signed log, when only log_head is lowered, then the events past it are reported', async () => {
    const { sql, store } = await log();
    await sql.query('update log_head set position = 4');
    const { breaks } = await verifyLog(store, keys, { sql });
    expect(breaks).toEqual([expect.objectContaining({ problem: 'log-head', found: expect.stringMatching(/log head at 4 \(events stored past it/) })]);
  });
});

/** Inserts a made-up event whose hash matches its content, as a forger with SQL access would. */
async function forge(
  sql: SqlClient,
  e: { eventId: string; streamId: string; revision: number; type: string; schemaVersion: number; data: unknown; metadata: { actor: string; actorNode: string; originNode: string; correlationId: string; causationId: string; occurredAt: string }; prevHash: string },
  how: { bumpHead: boolean; signature?: string },
): Promise<void> {
  const m = e.metadata;
  const data = { ...(e.data as object), text: 'Hợp đồng giả' };
  const hash = hashEvent({ eventId: e.eventId, streamId: e.streamId, revision: e.revision, type: e.type, schemaVersion: e.schemaVersion, data, actor: m.actor, actorNode: m.actorNode, originNode: m.originNode, correlationId: m.correlationId, causationId: m.causationId, occurredAt: m.occurredAt, prevHash: e.prevHash });
  const { rows } = await sql.query<{ position: bigint }>(
    how.bumpHead ? 'update log_head set position = position + 1 returning position' : 'select position + 1 as position from log_head',
  );
  await sql.query(
    `insert into events (global_position, event_id, stream_id, revision, prev_revision, type, schema_version, data, actor, actor_node,
       origin_node, origin_revision, correlation_id, causation_id, occurred_at, recorded_at, prev_hash, hash, signature)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $4, $12, $13, $14, $15, $16, $17, $18)`,
    [rows[0]!.position.toString(), e.eventId, e.streamId, e.revision, e.revision - 1, e.type, e.schemaVersion, JSON.stringify(data), m.actor, m.actorNode, m.originNode, m.correlationId, m.causationId, m.occurredAt, new Date().toISOString(), e.prevHash, hash, how.signature ?? null],
  );
}

describe('audit verify on a PGlite data dir with a corrupted page', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-tamper-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given events over several pages, when bytes of one page of the events table are flipped, then verify names the unreadable positions and checks the rest', async () => {
    let sql = await createPgliteSqlClient({ dataDir });
    let store = await openPostgresEventStore({ sql, nodeId: 'vn-hue', signer: nodeSigner('vn-hue', { privateKey: hue.privateKey }) });
    const stream = `agreement-${uuidv7()}`;
    // ~40 events of ~1 KB: several 8 KB heap pages.
    for (let i = 0; i < 40; i++) await store.appendToStream(stream, [note(`${i} ${'Đà Nẵng '.repeat(100)}`)]);
    const { rows } = await sql.query<{ file: string }>(`select pg_relation_filepath('events') as file`);
    const onPage1 = await sql.query<{ position: bigint }>(`select global_position as position from events where (ctid::text::point)[0] = 1 order by 1`);
    await store.close();
    await sql.close();

    flipBytes(join(dataDir, rows[0]!.file), 8192 + 4000, 64);

    sql = await createPgliteSqlClient({ dataDir });
    store = await openPostgresEventStore({ sql, nodeId: 'vn-hue' });
    const report = await verifyLog(store, keys, { sql, pageSize: 16 });
    const first = onPage1.rows[0]!.position;
    const lastOnPage = onPage1.rows[onPage1.rows.length - 1]!.position;
    expect(report.breaks[0]).toMatchObject({
      streamId: WHOLE_LOG,
      problem: 'unreadable',
      globalPosition: first.toString(),
      found: expect.stringMatching(new RegExp(`^the events at positions ${first}..${lastOnPage} unreadable: invalid page in block 1 of relation .*\\(SQLSTATE XX001\\)$`)),
    });
    // The event after the hole cannot link to what could not be read; everything else verifies.
    expect(report.events).toBe(40 - onPage1.rows.length);
    expect(problems(report.breaks.slice(1))).toEqual([
      ['stream', 'revision'],
      ['stream', 'prevHash'],
    ]);
    await store.close();
    await sql.close();
  });
});

function flipBytes(file: string, offset: number, length: number): void {
  const bytes = readFileSync(file);
  for (let i = offset; i < offset + length; i++) bytes[i] = bytes[i]! ^ 0xff;
  writeFileSync(file, bytes);
}
