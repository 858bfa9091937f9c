import type { EventStore, SqlClient, SqlQueryable } from '@ketnoi/event-store';
import { loadCheckpoint, lockCheckpoint, saveCheckpoint } from './checkpoints.js';
import { BoundedCache, type Projection } from './projection.js';
import { ensureProjectionTables } from './projection-runner.js';
import { analyzeTables } from './statistics.js';
import { createBareTableSql, createIndexesSql, shadowNames, swapShadowIn, type TableNames } from './table.js';

export interface RebuildOptions {
  /** Compare the rebuilt rows with the live ones instead of swapping them in. */
  readonly verify?: boolean;
  /** @defaultValue 5000 */
  readonly batchSize?: number;
}

/** The first row that differs between the live table and a rebuild from position 0. */
export interface RowDifference {
  readonly table: string;
  readonly key: string;
  readonly live: unknown;
  readonly rebuilt: unknown;
}

export interface RebuildResult {
  readonly projection: string;
  /** The position the rebuilt rows are at (the live checkpoint, read under its lock). */
  readonly position: string;
  readonly events: number;
  readonly swapped: boolean;
  /** With `verify`: undefined when every row is identical. */
  readonly difference?: RowDifference;
}

/**
 * Rebuilds a projection from position 0 into shadow tables while the live ones keep serving.
 * The last step runs in one transaction holding the live checkpoint's row lock, with the shadow
 * at exactly the live position (or past it); then either the shadow replaces the live tables in
 * that same transaction (readers see the old rows or the new, never none), or, with `verify`, the two
 * are compared row by row and the shadow dropped.
 */
export async function rebuildProjection(
  sql: SqlClient,
  store: EventStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 5000;
  const shadow = shadowNames(projection.tables);
  await ensureProjectionTables(sql, projection);
  for (const spec of projection.tables) {
    await sql.exec(
      `drop table if exists ${shadow[spec.name]};\n${createBareTableSql(spec, shadow[spec.name]!)}`,
    );
  }
  let indexed = false;
  let events = 0;
  let position = 0n;
  const cache = new BoundedCache<unknown>();
  // Events are read outside any transaction (on PGlite, one connection: a read inside the
  // transaction would wait for it), and applied one short transaction per batch, so live writers go on.
  // The raw page (to tell "the log ended" from "the target was reached") and the part up to target.
  const readPage = async (after: bigint, target: bigint) => {
    const page = await store.readAll({ after, maxCount: batchSize });
    return { page, batch: page.filter((e) => e.globalPosition <= target) };
  };
  const catchUp = async (target: bigint, mark: () => string) => {
    // The next page is read while this one is applied (on the PostgreSQL server these are two
    // connections; PGlite runs them one after the other).
    let next = position < target ? readPage(position, target) : undefined;
    while (next) {
      const { page, batch } = await next;
      const last = batch[batch.length - 1]?.globalPosition ?? position;
      // Every position up to the target is stored (the target is a checkpoint or log_head, both
      // written after the events): a log that ends before it has lost events. Without this check
      // a checkpoint past the log's end made the loop below wait for ever.
      if (page.length < batchSize && last < target)
        throw new LogInconsistencyError(`the log ends at position ${last}, but ${mark()}: events are missing from the log`);
      next = last < target ? readPage(last, target) : undefined;
      if (batch.length === 0) return;
      await sql
        .transaction((tx) => projection.apply(tx, batch, shadow, { cache }))
        .catch((error) => {
          void next?.catch(() => undefined); // the read ahead is not wanted any more
          throw error;
        });
      events += batch.length;
      position = last;
    }
  };
  try {
    for (;;) {
      const live = await loadCheckpoint(sql, projection.name);
      const head = await store.headPosition();
      await eventsPastHead(store, head);
      // Verify compares at the live position; a rebuild goes to the head of the log (the live
      // projection may be behind: a stopped node, a poison event).
      const target = options.verify ? live : maxOf(live, head);
      await catchUp(target, () =>
        target === head ? `log_head is ${head}` : `projection ${projection.name} has read up to ${live}`,
      );
      if (!indexed) {
        // Secondary indexes are built once over the filled shadow: cheaper than keeping them
        // up to date row by row (a GIN index above all).
        for (const spec of projection.tables) await sql.exec(createIndexesSql(spec, shadow[spec.name]!));
        // Statistics of the new rows go with the table when it is swapped in: the first query
        // after the swap is planned on them.
        if (!options.verify) await analyzeTables(sql, Object.values(shadow));
        indexed = true;
      }
      const outcome = await sql.transaction(async (tx): Promise<RebuildResult | undefined> => {
        const locked = await lockCheckpoint(tx, projection.name);
        if (locked > position) return undefined; // the live projection moved on meanwhile: catch up again
        const result = { projection: projection.name, position: position.toString(), events };
        if (options.verify) {
          if (locked < position)
            throw new Error(`projection ${projection.name} went back to ${locked} during the verify`);
          const difference = await firstDifference(tx, projection, shadow);
          return { ...result, swapped: false, ...(difference ? { difference } : {}) };
        }
        for (const spec of projection.tables) await swapShadowIn(tx, spec);
        await saveCheckpoint(tx, projection.name, position);
        return { ...result, swapped: true };
      });
      if (outcome) return outcome;
    }
  } finally {
    for (const spec of projection.tables) await sql.exec(`drop table if exists ${shadow[spec.name]}`);
  }
}

const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** The log contradicts itself (its counter, or a reader's checkpoint): no rebuild can be trusted. */
export class LogInconsistencyError extends Error {
  readonly code = 'LOG_INCONSISTENT';
  constructor(message: string) {
    super(`${message} (run \`ketnoi audit verify\`)`);
    this.name = 'LogInconsistencyError';
  }
}

/** An event past log_head: the counter was lowered (or a row forged around it). */
async function eventsPastHead(store: EventStore, head: bigint): Promise<void> {
  const [past] = await store.readAll({ after: head, maxCount: 1 });
  if (!past) return;
  // An append that committed since the head was read is not a fault: ask the counter again.
  if (past.globalPosition <= (await store.headPosition())) return;
  throw new LogInconsistencyError(
    `events are stored past log_head ${head} (the next at position ${past.globalPosition}): the log head was lowered or rows inserted around it`,
  );
}

async function firstDifference(
  tx: SqlQueryable,
  projection: Projection,
  shadow: TableNames,
): Promise<RowDifference | undefined> {
  for (const spec of projection.tables) {
    const keyOf = `jsonb_build_array(${spec.primaryKey.map((k) => `t.${k}`).join(', ')})::text`;
    // A full outer join on the key: a row only on one side, or the same key with different columns.
    const { rows } = await tx.query<{ key: string; live: unknown; rebuilt: unknown }>(
      `select coalesce(l.k, s.k) as key, l.j as live, s.j as rebuilt
       from (select ${keyOf} as k, to_jsonb(t) as j from ${spec.name} t) l
       full outer join (select ${keyOf} as k, to_jsonb(t) as j from ${shadow[spec.name]} t) s on l.k = s.k
       where l.j is distinct from s.j
       order by 1 limit 1`,
    );
    if (rows.length > 0) {
      const row = rows[0]!;
      return { table: spec.name, key: row.key, live: row.live ?? null, rebuilt: row.rebuilt ?? null };
    }
  }
  return undefined;
}
