import type { SqlQueryable } from '@ketnoi/event-store';
import { decodeMessage, type ReplicatedEvent } from '../cloudevents/index.js';
import { fromMessageRecord, type MessageRecord } from '../quarantine/message-record.js';

export interface ParkedEvent {
  readonly event: ReplicatedEvent;
  readonly record: MessageRecord;
}

interface Row {
  message: MessageRecord | string;
}

const toParked = (r: Row): ParkedEvent => {
  const record = typeof r.message === 'string' ? (JSON.parse(r.message) as MessageRecord) : r.message;
  // Parked only after it decoded and verified: decoding the same bytes again cannot fail.
  return { event: decodeMessage(fromMessageRecord(record)), record };
};

/** Verified events that cannot be stored yet (table `federation_parked`), kept as the bytes that came in. */
export class ParkedEvents {
  /**
   * Rows in the table, counted once and then kept by this class (the inbound is its only writer):
   * in the common case, nothing is parked and the inbound skips every parked-table query.
   */
  private size: number | undefined;

  constructor(private readonly sql: SqlQueryable) {}

  async any(): Promise<boolean> {
    return (await this.count()) > 0;
  }

  async park(event: ReplicatedEvent, agreementStream: string, record: MessageRecord, waitingFor: string, at: string): Promise<void> {
    await this.sql.query(
      `insert into federation_parked (event_id, stream_id, revision, agreement_stream, message, waiting_for, parked_at)
       values ($1, $2, $3, $4, $5::jsonb, $6, $7)
       on conflict (event_id) do update set waiting_for = excluded.waiting_for`,
      [event.eventId, event.streamId, event.revision, agreementStream, JSON.stringify(record), waitingFor, at],
    );
    this.size = undefined;
  }

  async has(eventId: string): Promise<boolean> {
    const { rows } = await this.sql.query('select 1 from federation_parked where event_id = $1', [eventId]);
    return rows.length > 0;
  }

  async waitFor(eventId: string, waitingFor: string): Promise<void> {
    await this.sql.query('update federation_parked set waiting_for = $2 where event_id = $1', [eventId, waitingFor]);
  }

  async remove(eventId: string): Promise<void> {
    if (this.size === 0) return;
    const { affectedRows } = await this.sql.query('delete from federation_parked where event_id = $1', [eventId]);
    // A driver that does not report the count makes us count again rather than guess.
    if (this.size !== undefined) this.size = Number.isInteger(affectedRows) ? this.size - affectedRows : undefined;
  }

  /** The stream's parked events in revision order. */
  async of(streamId: string): Promise<ParkedEvent[]> {
    const { rows } = await this.sql.query<Row>(
      'select message from federation_parked where stream_id = $1 order by revision, parked_at',
      [streamId],
    );
    return rows.map(toParked);
  }

  /** The stream's parked events after `revision`, contiguous from revision + 1 (for backfill look-ahead). */
  async after(streamId: string, revision: number): Promise<ReplicatedEvent[]> {
    const { rows } = await this.sql.query<Row>(
      'select message from federation_parked where stream_id = $1 and revision > $2 order by revision, parked_at',
      [streamId, revision],
    );
    const events: ReplicatedEvent[] = [];
    for (const { event } of rows.map(toParked)) {
      const expected = (events.at(-1)?.revision ?? revision) + 1;
      if (event.revision === expected) events.push(event);
      else if (event.revision > expected) break;
    }
    return events;
  }

  /** Endorsement streams with events parked for this agreement stream. */
  async dependentsOf(agreementStream: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ stream_id: string }>(
      'select distinct stream_id from federation_parked where agreement_stream = $1 and stream_id <> $1 order by stream_id',
      [agreementStream],
    );
    return rows.map((r) => r.stream_id);
  }

  async count(): Promise<number> {
    if (this.size === undefined) {
      const { rows } = await this.sql.query<{ n: number | bigint }>('select count(*)::int as n from federation_parked');
      this.size = Number(rows[0]?.n ?? 0);
    }
    return this.size;
  }

  /** For the API: what waits, and for what. */
  async list(limit = 100): Promise<{ eventId: string; streamId: string; revision: number; waitingFor: string; parkedAt: string }[]> {
    const { rows } = await this.sql.query<{ event_id: string; stream_id: string; revision: number; waiting_for: string; parked_at: string }>(
      'select event_id, stream_id, revision, waiting_for, parked_at from federation_parked order by parked_at, revision limit $1',
      [limit],
    );
    return rows.map((r) => ({ eventId: r.event_id, streamId: r.stream_id, revision: r.revision, waitingFor: r.waiting_for, parkedAt: r.parked_at }));
  }
}
