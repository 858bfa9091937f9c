import type { SqlQueryable } from '@ketnoi/event-store';

/**
 * Planner statistics of read-model tables. Without them PostgreSQL guesses that a text filter
 * keeps 0.5% of the rows and sorts a whole table rather than walk the sort's index; PGlite runs
 * no autovacuum, so nothing else would ever gather them there.
 */
export async function analyzeTables(sql: SqlQueryable, tables: readonly string[]): Promise<void> {
  for (const table of tables) await sql.query(`analyze ${table}`);
}

/** Analyzes the tables never analyzed yet (`reltuples` is -1 until then): a node from before statistics. */
export async function analyzeUnanalyzedTables(sql: SqlQueryable, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await sql.query<{ reltuples: number }>(
      'select reltuples from pg_class where oid = to_regclass($1)',
      [table],
    );
    if (rows[0] && Number(rows[0].reltuples) < 0) await analyzeTables(sql, [table]);
  }
}
