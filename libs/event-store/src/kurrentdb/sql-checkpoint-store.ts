import type { CheckpointStore } from '../port/index.js';
import { exclusiveDdl } from '../sql/exclusive-ddl.js';
import type { SqlClient } from '../sql/sql-client.js';

/**
 * Checkpoints of KurrentDB subscriptions, kept in the read models' database: the projection's
 * writes and its checkpoint then share one backup (and, for projections that use the same
 * SqlClient, can share one transaction).
 */
export async function openSqlCheckpointStore(
  sql: SqlClient,
  table = 'kurrentdb_checkpoints',
): Promise<CheckpointStore> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table))
    throw new TypeError(`table: "${table}" is not a plain SQL identifier`);
  await sql.exec(
    exclusiveDdl(
      `create table if not exists ${table} (subscription_id text primary key, position bigint not null)`,
    ),
  );
  return {
    async load(subscriptionId) {
      const { rows } = await sql.query<{ position: bigint | string }>(
        `select position from ${table} where subscription_id = $1`,
        [subscriptionId],
      );
      return rows[0] ? BigInt(rows[0].position) : undefined;
    },
    async save(subscriptionId, position) {
      await sql.query(
        `insert into ${table} (subscription_id, position) values ($1, $2)
         on conflict (subscription_id) do update set position = excluded.position`,
        [subscriptionId, position.toString()],
      );
    },
  };
}
