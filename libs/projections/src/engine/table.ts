import type { SqlQueryable } from '@ketnoi/event-store';

/**
 * A read-model table described once, so the same description creates the live table, its
 * shadow for a rebuild, and renames the shadow's indexes when it takes the live table's place
 * (index and constraint names are schema-wide in PostgreSQL: a second shadow would clash).
 */
export interface TableSpec {
  readonly name: string;
  /** Column definitions, SQL. */
  readonly columns: string;
  readonly primaryKey: readonly string[];
  /** Index name suffix -> indexed columns (`'status'`) or a method clause (`'using gin (x)'`). */
  readonly indexes?: Readonly<Record<string, string>>;
}

export const SHADOW_SUFFIX = '_shadow';

/** Physical table names a projection writes to: its live tables or their shadows. */
export type TableNames = Readonly<Record<string, string>>;

export const liveNames = (specs: readonly TableSpec[]): TableNames =>
  Object.fromEntries(specs.map((spec) => [spec.name, spec.name]));

export const shadowNames = (specs: readonly TableSpec[]): TableNames =>
  Object.fromEntries(specs.map((spec) => [spec.name, spec.name + SHADOW_SUFFIX]));

export function createTableSql(spec: TableSpec, table: string): string {
  return [createBareTableSql(spec, table), createIndexesSql(spec, table)].join('\n');
}

/** The table and its primary key only: a rebuild fills it first and indexes it once (`createIndexesSql`). */
export const createBareTableSql = (spec: TableSpec, table: string): string =>
  `create table if not exists ${table} (${spec.columns}, constraint ${table}_pk primary key (${spec.primaryKey.join(', ')}));`;

export const createIndexesSql = (spec: TableSpec, table: string): string =>
  Object.entries(spec.indexes ?? {})
    .map(
      ([suffix, expression]) =>
        `create index if not exists ${table}_${suffix}_idx on ${table} ${
          expression.startsWith('using ') ? expression : `(${expression})`
        };`,
    )
    .join('\n');

/** In the caller's transaction: drops the live table and renames the shadow (and its index names) into its place. */
export async function swapShadowIn(tx: SqlQueryable, spec: TableSpec): Promise<void> {
  const live = spec.name;
  const shadow = live + SHADOW_SUFFIX;
  await tx.query(`drop table if exists ${live}`);
  await tx.query(`alter table ${shadow} rename to ${live}`);
  await tx.query(`alter table ${live} rename constraint ${shadow}_pk to ${live}_pk`);
  for (const suffix of Object.keys(spec.indexes ?? {})) {
    await tx.query(`alter index ${shadow}_${suffix}_idx rename to ${live}_${suffix}_idx`);
  }
}
