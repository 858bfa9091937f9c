import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlQueryable } from '../../sql/sql-client.js';

/** In-memory PGlite behind the SqlClient surface: where the specs keep subscription checkpoints. */
export async function pgliteSqlClient(): Promise<SqlClient> {
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
