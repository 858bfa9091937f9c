import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import { mapConnectionError } from './errors.js';

export interface PgSqlClientOptions {
  readonly connectionString: string;
  /** Created when missing; every pooled connection uses it as search_path (test isolation). */
  readonly schema?: string;
  readonly max?: number;
}

const INT8_OID = 20;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const isDuplicateSchema = (error: unknown): boolean =>
  ['23505', '42P06'].includes((error as { code?: string } | null)?.code ?? '');

// Per-pool parsers: int8 -> bigint without touching pg's process-wide defaults.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => BigInt(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

// Parameterised statements are prepared once per connection under a name derived from their text:
// the hot append statement is then planned once, not on every call.
const names = new Map<string, string>();
const nameOf = (text: string): string => {
  let name = names.get(text);
  if (!name) {
    name = `k${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size < 1000) names.set(text, name);
  }
  return name;
};

const wrap = (target: { query: pg.Pool['query'] }): SqlQueryable => ({
  async query<Row>(text: string, params?: readonly unknown[]) {
    try {
      const r = params?.length
        ? await target.query({ name: nameOf(text), text, values: params as unknown[] })
        : await target.query(text);
      return { rows: r.rows as Row[], affectedRows: r.rowCount ?? 0 };
    } catch (error) {
      throw mapConnectionError(error);
    }
  },
});

export async function createPgSqlClient(options: PgSqlClientOptions): Promise<SqlClient> {
  const { connectionString, schema, max = 10 } = options;
  if (schema !== undefined && !IDENTIFIER.test(schema))
    throw new TypeError(`schema: "${schema}" is not a plain SQL identifier`);
  if (schema) {
    const admin = new pg.Client({ connectionString });
    try {
      await admin.connect();
      await admin.query(`create schema if not exists ${schema}`);
    } catch (error) {
      // "if not exists" still races: of two clients creating it at once, one sees a duplicate.
      if (!isDuplicateSchema(error)) throw mapConnectionError(error);
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
  const pool = new pg.Pool({
    connectionString,
    max,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const client = wrap(pool);
  return {
    dialect: 'postgres',
    query: client.query,
    async transaction(fn) {
      let conn: pg.PoolClient;
      try {
        conn = await pool.connect();
      } catch (error) {
        throw mapConnectionError(error);
      }
      const tx = wrap(conn);
      try {
        await tx.query('begin');
        const result = await fn(tx);
        await tx.query('commit');
        conn.release();
        return result;
      } catch (error) {
        await conn.query('rollback').catch(() => undefined);
        conn.release();
        throw error;
      }
    },
    async exec(sql) {
      await client.query(sql);
    },
    close: () => pool.end(),
  };
}
