import { exclusiveDdl, type SqlClient, type SqlQueryable } from '@ketnoi/event-store';

/**
 * Projection checkpoints live beside the read models (not in the event store's `checkpoints`,
 * which may be KurrentDB's): the runner updates a row here in the same transaction as the rows
 * of the batch, so both commit or neither does.
 */
export const CHECKPOINTS_DDL = `
create table if not exists projection_checkpoints (
  name text not null primary key,
  position bigint not null
);`;

export async function ensureCheckpoint(sql: SqlClient, name: string): Promise<void> {
  await sql.exec(exclusiveDdl(CHECKPOINTS_DDL));
  await sql.query(
    `insert into projection_checkpoints (name, position) values ($1, 0) on conflict (name) do nothing`,
    [name],
  );
}

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
