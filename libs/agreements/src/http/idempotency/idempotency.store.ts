import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { runMigrations, SQL_CLIENT, type Migration, type SqlClient } from '@ketnoi/event-store';

/** The first response to a command, replayed to every retry with the same key. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
  readonly etag?: string;
  readonly location?: string;
}

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in_progress' };

/**
 * A key left in progress is taken over after this long even when its owner still beats: a command
 * never takes minutes, so its process is wedged. The trade-off: if that process did append, the
 * retry decides again on the new state (the domain refuses most repeats, e.g. a second countersignature).
 */
const STALE_AFTER = "interval '5 minutes'";

/**
 * Claim release. Each start is an instance (a random id); its claims carry that id, and it beats
 * in `idempotency_owners` every HEARTBEAT_MS. A claim whose owner has not beaten for OWNER_DEAD_AFTER
 * belongs to a process that died: released at the next start, and taken over by any retry after
 * that. On PGlite one process owns the data dir, so every claim found at start is dead at once.
 * A heartbeat rather than a session advisory lock: the server's client is a pool, whose
 * connections come and go, so no connection outlives the process to hold the lock.
 */
const HEARTBEAT_MS = 10_000;
const OWNER_DEAD_AFTER = "interval '30 seconds'";
const OWNER_IS_DEAD = `NOT EXISTS (SELECT 1 FROM idempotency_owners o
  WHERE o.instance_id = idempotency_keys.owner AND o.seen_at > now() - ${OWNER_DEAD_AFTER})`;

/**
 * In order; a schema change is a new entry, never an edit. 1 and 2 are idempotent: together they
 * are the script nodes ran at every start before there were migrations, so their databases adopt them.
 */
export const IDEMPOTENCY_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'idempotency keys',
    sql: `CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope        text        NOT NULL,
  key          text        NOT NULL,
  fingerprint  text        NOT NULL,
  state        text        NOT NULL CHECK (state IN ('in_progress', 'done')),
  status       integer,
  body         text,
  etag         text,
  location     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
)`,
  },
  {
    id: 2,
    name: 'claim owners and their heartbeat',
    sql: `ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS owner text;
CREATE TABLE IF NOT EXISTS idempotency_owners (
  instance_id  text        PRIMARY KEY,
  seen_at      timestamptz NOT NULL DEFAULT now()
)`,
  },
];

interface KeyRow {
  fingerprint: string;
  state: 'in_progress' | 'done';
  status: number | null;
  body: string | null;
  etag: string | null;
  location: string | null;
}

/** Idempotency keys in SQL (PGlite or the PostgreSQL server, same statements). */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnModuleDestroy {
  /** This start of the process: the owner of the claims it takes. */
  readonly instanceId = randomUUID();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /** Runs before the HTTP server listens: no claim of this instance exists yet. */
  async onModuleInit(): Promise<void> {
    await runMigrations(this.sql, 'idempotency', IDEMPOTENCY_MIGRATIONS);
    await this.beat();
    await this.sql.query(
      this.sql.dialect === 'pglite'
        ? `DELETE FROM idempotency_keys WHERE state = 'in_progress'`
        : `DELETE FROM idempotency_keys WHERE state = 'in_progress' AND ${OWNER_IS_DEAD}`,
    );
    await this.sql.query(`DELETE FROM idempotency_owners WHERE seen_at < now() - interval '1 day'`);
    // A missed beat is not fatal (the next one, or a restart, catches up); never crash for it.
    this.heartbeat = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * A clean stop only stops beating: requests still finishing release their own claims, and its
   * row ages out (deleting it here would let a retry take over a claim still being worked on).
   */
  onModuleDestroy(): void {
    this.stopHeartbeat();
  }

  /** Stops beating, as a crash does. */
  stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async beat(): Promise<void> {
    await this.sql.query(
      `INSERT INTO idempotency_owners (instance_id) VALUES ($1)
       ON CONFLICT (instance_id) DO UPDATE SET seen_at = now()`,
      [this.instanceId],
    );
  }

  /**
   * Takes the key for this request, atomically: of two concurrent requests with the same key
   * exactly one gets `claimed`; the other sees it `in_progress` (or its result once done).
   */
  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    // A release between our insert and our select frees the key: try again (bounded).
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.sql.query(
        `INSERT INTO idempotency_keys (scope, key, fingerprint, state, owner) VALUES ($1, $2, $3, 'in_progress', $4)
         ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = now(), owner = EXCLUDED.owner
           WHERE idempotency_keys.state = 'in_progress'
             AND (idempotency_keys.created_at < now() - ${STALE_AFTER} OR ${OWNER_IS_DEAD})
         RETURNING key`,
        [scope, key, fingerprint, this.instanceId],
      );
      if (inserted.rows.length === 1) return { kind: 'claimed' };
      const { rows } = await this.sql.query<KeyRow>(
        'SELECT fingerprint, state, status, body, etag, location FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [scope, key],
      );
      const row = rows[0];
      if (!row) continue;
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (row.state === 'in_progress') return { kind: 'in_progress' };
      return {
        kind: 'replay',
        response: {
          status: Number(row.status),
          body: row.body === null ? undefined : JSON.parse(row.body),
          ...(row.etag === null ? {} : { etag: row.etag }),
          ...(row.location === null ? {} : { location: row.location }),
        },
      };
    }
    return { kind: 'in_progress' };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.sql.query(
      `UPDATE idempotency_keys SET state = 'done', status = $3, body = $4, etag = $5, location = $6
       WHERE scope = $1 AND key = $2`,
      [
        scope,
        key,
        response.status,
        JSON.stringify(response.body ?? null),
        response.etag ?? null,
        response.location ?? null,
      ],
    );
  }

  /** A failed command records nothing, so its key is freed and a retry runs it again. */
  async release(scope: string, key: string): Promise<void> {
    await this.sql.query(
      `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_progress'`,
      [scope, key],
    );
  }
}
