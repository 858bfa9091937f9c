import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { exclusiveDdl, SQL_CLIENT, type SqlClient } from '@ketnoi/event-store';

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
 * A key left in progress by a crashed process is taken over after this long, so a key is never
 * stuck forever. The trade-off: if that process did append before crashing, the retry decides
 * again on the new state (the domain refuses most repeats, e.g. a second countersignature).
 */
const STALE_AFTER = "interval '5 minutes'";

const DDL = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
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
)`;

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
export class IdempotencyStore implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await this.sql.exec(exclusiveDdl(DDL));
  }

  /**
   * Takes the key for this request, atomically: of two concurrent requests with the same key
   * exactly one gets `claimed`; the other sees it `in_progress` (or its result once done).
   */
  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    // A release between our insert and our select frees the key: try again (bounded).
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.sql.query(
        `INSERT INTO idempotency_keys (scope, key, fingerprint, state) VALUES ($1, $2, $3, 'in_progress')
         ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = now()
           WHERE idempotency_keys.state = 'in_progress' AND idempotency_keys.created_at < now() - ${STALE_AFTER}
         RETURNING key`,
        [scope, key, fingerprint],
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
