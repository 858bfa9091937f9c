import { runMigrations, type Migration, type SqlClient, type SqlQueryable } from '@ketnoi/event-store';

/**
 * Projection checkpoints live beside the read models (not in the event store's `checkpoints`,
 * which may be KurrentDB's): the runner updates a row here in the same transaction as the rows
 * of the batch, so both commit or neither does.
 */
export const PROJECTION_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'projection checkpoints',
    sql: `create table if not exists projection_checkpoints (
  name text not null primary key,
  position bigint not null
)`,
  },
  {
    id: 2,
    name: 'projection checkpoint versions',
    sql: `alter table projection_checkpoints add column if not exists version integer not null default 1`,
  },
];

/**
 * The checkpoints table, by migration (1 and 2 are idempotent, so a database created by the script
 * nodes ran before there were migrations is adopted). The projections' own tables are not migrated:
 * a new version of a projection drops and rebuilds them from the log (`ensureCheckpointSql`).
 */
export async function migrateProjectionCheckpoints(sql: SqlClient): Promise<void> {
  await runMigrations(sql, 'projections', PROJECTION_MIGRATIONS);
}

/**
 * The checkpoint row of a projection at `version`, created if missing. A row of another version
 * means the live tables hold rows of another meaning: they are dropped (`tables`) and the
 * checkpoint goes back to 0, so the runner rebuilds them from the log at start. Needs the table
 * (`migrateProjectionCheckpoints`). One script, so under `exclusiveDdl` processes starting together
 * on one database do it once.
 */
export const ensureCheckpointSql = (name: string, version: number, tables: readonly string[]): string => `
do $$ begin
  if exists (select 1 from projection_checkpoints where name = '${name}' and version <> ${version}) then
    drop table if exists ${tables.join(', ')};
    update projection_checkpoints set position = 0, version = ${version} where name = '${name}';
  end if;
end $$;
insert into projection_checkpoints (name, position, version) values ('${name}', 0, ${version}) on conflict (name) do nothing;`;

/** Reads the checkpoint and locks its row until the transaction ends: one batch writer at a time. */
export async function lockCheckpoint(tx: SqlQueryable, name: string): Promise<bigint> {
  const { rows } = await tx.query<{ position: bigint }>(
    `select position from projection_checkpoints where name = $1 for update`,
    [name],
  );
  if (rows.length === 0) throw new Error(`projection ${name} has no checkpoint row`);
  return BigInt(rows[0]!.position);
}

export async function saveCheckpoint(tx: SqlQueryable, name: string, position: bigint): Promise<void> {
  await tx.query(`update projection_checkpoints set position = $2 where name = $1`, [
    name,
    position.toString(),
  ]);
}

export async function loadCheckpoint(sql: SqlQueryable, name: string): Promise<bigint> {
  const { rows } = await sql.query<{ position: bigint }>(
    `select position from projection_checkpoints where name = $1`,
    [name],
  );
  return rows.length === 0 ? 0n : BigInt(rows[0]!.position);
}
