import type { SqlQueryable } from '@ketnoi/event-store';

/**
 * Where the node's readers of the log keep how far they got. Each names a position it has read,
 * so a checkpoint past the log's end is evidence that events it saw are gone: the one trace left
 * when the last events were deleted and `log_head` lowered to match.
 */
const CHECKPOINT_TABLES = [
  { table: 'checkpoints', id: 'subscription_id' },
  { table: 'projection_checkpoints', id: 'name' },
  { table: 'federation_relay_checkpoints', id: 'relay_id' },
  { table: 'kurrentdb_checkpoints', id: 'subscription_id' },
] as const;

export interface ReaderCheckpoint {
  readonly reader: string;
  readonly position: bigint;
}

/** The checkpoints past `end`, from every checkpoint table this node has. */
export async function checkpointsPast(sql: SqlQueryable, end: bigint): Promise<ReaderCheckpoint[]> {
  const found: ReaderCheckpoint[] = [];
  for (const { table, id } of CHECKPOINT_TABLES) {
    const { rows: present } = await sql.query<{ present: boolean }>('select to_regclass($1) is not null as present', [table]);
    if (!present[0]?.present) continue;
    const { rows } = await sql.query<{ reader: string; position: bigint }>(
      `select ${id} as reader, position from ${table} where position > $1 order by ${id}`,
      [end.toString()],
    );
    for (const r of rows) found.push({ reader: `${table}/${r.reader}`, position: BigInt(r.position) });
  }
  return found;
}
