/**
 * The one SQL surface the hub uses, so the same statements run on a PostgreSQL server (`pg`)
 * and on embedded PGlite. Placeholders are `$1..$n`. Column values come back as the server
 * sends them, except int8/bigint, which both adapters return as JS `bigint`.
 */
export interface SqlQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

export interface SqlResult<Row> {
  readonly rows: Row[];
  /** Rows inserted, updated or deleted by the statement, where the driver reports it. */
  readonly affectedRows: number;
}

export interface SqlClient extends SqlQueryable {
  readonly dialect: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: commit when it resolves, rollback when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export const SQL_CLIENT = Symbol('SQL_CLIENT');
