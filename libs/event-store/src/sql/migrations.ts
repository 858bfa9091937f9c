import { SCHEMA_LOCK } from './exclusive-ddl.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';

/**
 * One step of a feature's schema. Released migrations are never edited: a change is a new id.
 * Migration 1 of each feature is the `create ... if not exists` script nodes ran before there
 * were migrations, so a database they created is adopted: it records 1 and changes nothing.
 */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/** The database holds migrations of `owner` this code does not have: a newer node ran on it. */
export class UnknownMigrationsError extends Error {
  readonly code = 'UNKNOWN_MIGRATIONS';
  readonly retriable = false;
  constructor(
    readonly owner: string,
    readonly ids: readonly number[],
  ) {
    super(
      `schema of ${owner} holds migration${ids.length > 1 ? 's' : ''} ${ids.join(', ')} that this version does not know: ` +
        `a newer version ran on this database; start that version or a later one`,
    );
    this.name = 'UnknownMigrationsError';
  }
}

/** A migration failed; its transaction was rolled back, so nothing of it remains and it is not recorded. */
export class MigrationFailedError extends Error {
  readonly code = 'MIGRATION_FAILED';
  readonly retriable = false;
  constructor(
    readonly owner: string,
    readonly migration: Migration,
    cause: unknown,
  ) {
    super(
      `migration ${owner} ${migration.id} (${migration.name}) failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

// In the search_path, like every table: each DATABASE_SCHEMA has its own record.
const LEDGER_DDL = `create table if not exists schema_migrations (
  owner text not null,
  id integer not null,
  name text not null,
  applied_at timestamptz not null default now(),
  constraint schema_migrations_pk primary key (owner, id)
)`;

/**
 * Applies the migrations of `owner` the database has not recorded, in id order, each in its own
 * transaction that first takes the schema lock and reads the record again: of runners starting
 * together, one applies a migration and the others find it recorded. Refuses before changing
 * anything when the database records ids of `owner` that `migrations` lacks. Returns the ids applied.
 */
export async function runMigrations(
  sql: SqlClient,
  owner: string,
  migrations: readonly Migration[],
): Promise<number[]> {
  checkList(owner, migrations);
  const applied: number[] = [];
  for (;;) {
    const next = await sql.transaction(async (tx) => {
      await tx.query(SCHEMA_LOCK);
      const recorded = await recordedIds(tx, owner);
      const known = new Set(migrations.map((m) => m.id));
      const unknown = [...recorded].filter((id) => !known.has(id)).sort((a, b) => a - b);
      if (unknown.length > 0) throw new UnknownMigrationsError(owner, unknown);
      const pending = migrations.find((m) => !recorded.has(m.id));
      if (!pending) return undefined;
      try {
        await tx.query(pending.sql);
      } catch (error) {
        throw new MigrationFailedError(owner, pending, error);
      }
      await tx.query('insert into schema_migrations (owner, id, name) values ($1, $2, $3)', [
        owner,
        pending.id,
        pending.name,
      ]);
      return pending.id;
    });
    if (next === undefined) return applied;
    applied.push(next);
  }
}

async function recordedIds(tx: SqlQueryable, owner: string): Promise<Set<number>> {
  await tx.query(LEDGER_DDL);
  const { rows } = await tx.query<{ id: number }>('select id from schema_migrations where owner = $1', [
    owner,
  ]);
  return new Set(rows.map((r) => Number(r.id)));
}

function checkList(owner: string, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isSafeInteger(m.id) || m.id < 1)
      throw new TypeError(`migrations of ${owner}: id ${m.id} is not a positive integer`);
    if (i > 0 && m.id <= migrations[i - 1]!.id)
      throw new TypeError(
        `migrations of ${owner}: ids must ascend, ${m.id} follows ${migrations[i - 1]!.id}`,
      );
  });
}
