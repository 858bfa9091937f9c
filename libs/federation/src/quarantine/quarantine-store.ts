import type { SqlQueryable } from '@ketnoi/event-store';
import type { MessageRecord } from './message-record.js';

/** Why a message was refused. Closed set: it labels a metric and the API filters on it. */
export type QuarantineReason =
  | 'INVALID_MESSAGE'
  | 'UNKNOWN_NODE'
  | 'HASH_MISMATCH'
  | 'BAD_SIGNATURE'
  | 'UNKNOWN_STREAM'
  | 'ORIGIN_NOT_HOME'
  | 'ORIGIN_NOT_ENDORSER'
  | 'ORIGIN_IS_THIS_NODE'
  | 'ENDORSER_NOT_PARTY'
  | 'NOT_A_DRAFT'
  | 'CONFLICT'
  | 'CHAIN_LINK_BROKEN';

export interface QuarantinedMessage {
  readonly id: string;
  readonly reasonCode: QuarantineReason;
  readonly reason: string;
  readonly eventId: string | null;
  readonly streamId: string | null;
  readonly quarantinedAt: string;
  /** How many times it was handled and refused (1 + retries). */
  readonly attempts: number;
  readonly message: MessageRecord;
}

interface Row {
  id: bigint | string;
  reason_code: QuarantineReason;
  reason: string;
  event_id: string | null;
  stream_id: string | null;
  quarantined_at: string;
  attempts: number;
  message: MessageRecord | string;
}

const toQuarantined = (r: Row): QuarantinedMessage => ({
  id: String(r.id),
  reasonCode: r.reason_code,
  reason: r.reason,
  eventId: r.event_id,
  streamId: r.stream_id,
  quarantinedAt: r.quarantined_at,
  attempts: Number(r.attempts),
  message: typeof r.message === 'string' ? (JSON.parse(r.message) as MessageRecord) : r.message,
});

const COLUMNS = 'id, reason_code, reason, event_id, stream_id, quarantined_at, attempts, message';
const ID = /^[1-9][0-9]{0,17}$/;

export interface Refusal {
  readonly code: QuarantineReason;
  readonly reason: string;
  readonly eventId?: string;
  readonly streamId?: string;
}

/** The quarantine table (see sql/migrations.ts). */
export class QuarantineStore {
  constructor(private readonly sql: SqlQueryable) {}

  async add(message: MessageRecord, refusal: Refusal, at: string): Promise<string> {
    const { rows } = await this.sql.query<{ id: bigint }>(
      `insert into federation_quarantine (message, reason_code, reason, event_id, stream_id, quarantined_at)
       values ($1::jsonb, $2, $3, $4, $5, $6) returning id`,
      [JSON.stringify(message), refusal.code, refusal.reason, refusal.eventId ?? null, refusal.streamId ?? null, at],
    );
    return String(rows[0]!.id);
  }

  /** Refused again on retry: the latest reason replaces the old one. */
  async refusedAgain(id: string, refusal: Refusal): Promise<void> {
    await this.sql.query(
      `update federation_quarantine set reason_code = $2, reason = $3, attempts = attempts + 1,
         event_id = coalesce($4, event_id), stream_id = coalesce($5, stream_id) where id = $1`,
      [id, refusal.code, refusal.reason, refusal.eventId ?? null, refusal.streamId ?? null],
    );
  }

  async remove(id: string): Promise<void> {
    await this.sql.query('delete from federation_quarantine where id = $1', [id]);
  }

  /** Throws a TypeError naming `id` when it is not a quarantine id. */
  async get(id: string): Promise<QuarantinedMessage | undefined> {
    if (!ID.test(id)) throw new TypeError(`id: must be a positive integer, got ${JSON.stringify(id)}`);
    const { rows } = await this.sql.query<Row>(`select ${COLUMNS} from federation_quarantine where id = $1`, [id]);
    return rows[0] ? toQuarantined(rows[0]) : undefined;
  }

  /** Oldest first, `limit` rows after id `after`. */
  async list(options: { after?: string; limit?: number } = {}): Promise<QuarantinedMessage[]> {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError('limit: must be an integer from 1 to 1000');
    if (options.after !== undefined && !ID.test(options.after)) throw new TypeError('after: must be a quarantine id');
    const { rows } = await this.sql.query<Row>(
      `select ${COLUMNS} from federation_quarantine where id > $1 order by id limit $2`,
      [options.after ?? '0', limit],
    );
    return rows.map(toQuarantined);
  }
}
