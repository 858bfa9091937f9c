import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import { mapConnectionError } from './errors.js';

export interface PgliteSqlClientOptions {
  /** Directory of the database; undefined = in memory. */
  readonly dataDir?: string;
  readonly schema?: string;
  /**
   * An initialised PGlite data dir (see scripts/make-pglite-template.mjs) copied into a data dir
   * that does not exist yet instead of running initdb in WebAssembly: a first start then takes a
   * fraction of a second instead of four. Ignored when absent or when the data dir exists.
   */
  readonly template?: string;
  /**
   * PostgreSQL's buffer pool inside PGlite's WebAssembly memory, touched (so resident) from the
   * start. PGlite's 128MB is sized for a database server; a node's database is a few MB to a few
   * hundred, its files stay in the OS page cache anyway, and 16MB brought a hub after the demo
   * from about 390 to about 250 MiB resident.
   * @defaultValue '16MB'
   */
  readonly sharedBuffers?: string;
}

const INT8_OID = 20;

// PGlite does not serialise bigint parameters the way pg does: send them as text.
const toParams = (params?: readonly unknown[]): unknown[] | undefined =>
  params?.map((p) => (typeof p === 'bigint' ? p.toString() : p));

const wrap = (target: Pick<PGlite, 'query' | 'exec'>): SqlQueryable => ({
  async query<Row>(text: string, params?: readonly unknown[]) {
    try {
      // Without parameters the simple protocol does in one step what the extended one does in
      // four (parse, describe, bind, execute): a single-event append, whose values the store
      // sends as literals, got about 1.2x as fast on PGlite. Same parsers, same errors.
      if (params === undefined || params.length === 0) {
        const results = await target.exec(text);
        const last = results[results.length - 1];
        return { rows: (last?.rows ?? []) as Row[], affectedRows: last?.affectedRows ?? 0 };
      }
      const r = await target.query<Row>(text, toParams(params));
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 };
    } catch (error) {
      throw mapConnectionError(error);
    }
  },
});

export async function createPgliteSqlClient(options: PgliteSqlClientOptions = {}): Promise<SqlClient> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema))
    throw new TypeError(`schema: "${options.schema}" is not a plain SQL identifier`);
  let db: PGlite;
  try {
    await copyTemplate(options);
    db = await PGlite.create(options.dataDir, {
      parsers: { [INT8_OID]: (v: string) => BigInt(v) },
      // Given start parameters replace PGlite's defaults (single-user mode and the rest): extend them.
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers ?? '16MB'}`],
    });
  } catch (error) {
    throw mapConnectionError(error);
  }
  // One connection: setting search_path once covers every later statement.
  if (options.schema) await db.exec(`create schema if not exists ${options.schema}; set search_path to ${options.schema}`);
  const client = wrap(db);
  return {
    dialect: 'pglite',
    query: client.query,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async exec(sql) {
      try {
        await db.exec(sql);
      } catch (error) {
        throw mapConnectionError(error);
      }
    },
    close: () => db.close(),
  };
}

async function copyTemplate({ dataDir, template }: PgliteSqlClientOptions): Promise<void> {
  if (!dataDir || !template || existsSync(join(dataDir, 'PG_VERSION')) || !existsSync(join(template, 'PG_VERSION')))
    return;
  // The system's cp copies the template's thousand small files about three times faster than
  // fs.cp (a third of a second of every first start); fs.cp where there is none.
  try {
    await promisify(execFile)('cp', ['-R', `${template}/.`, dataDir]);
  } catch {
    await cp(template, dataDir, { recursive: true });
  }
}
