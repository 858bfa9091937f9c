import { runMigrations, type Migration, type SqlClient } from '@ketnoi/event-store';

/**
 * The federation's own tables, beside the event log in the node's SQL database:
 * - `federation_relay_checkpoints`: the last global position the relay published (and the broker acked);
 * - `federation_parked`: verified events that cannot be applied yet (a revision gap, or the agreement
 *   they belong to is not here yet), with the message they came in, until they can;
 * - `federation_quarantine`: messages refused, with the reason, for an operator to look at and retry.
 * Raw bytes are kept as base64 text so the same SQL runs on pg and PGlite. Idempotent: it is the
 * script nodes ran at every start before there were migrations, so their databases adopt it.
 */
const FIRST_SCHEMA = `
create table if not exists federation_relay_checkpoints (
  relay_id text not null primary key,
  position bigint not null
);
create table if not exists federation_parked (
  event_id text not null,
  stream_id text not null,
  revision integer not null,
  agreement_stream text not null,
  message jsonb not null,
  waiting_for text not null,
  parked_at text not null,
  constraint federation_parked_pk primary key (event_id)
);
create index if not exists federation_parked_stream_ix on federation_parked (stream_id, revision);
create index if not exists federation_parked_agreement_ix on federation_parked (agreement_stream);
create table if not exists federation_quarantine (
  id bigserial primary key,
  message jsonb not null,
  reason_code text not null,
  reason text not null,
  event_id text,
  stream_id text,
  quarantined_at text not null,
  attempts integer not null default 1
);
`;

/** The federation's migrations, in order; a schema change is a new entry, never an edit. */
export const FEDERATION_MIGRATIONS: readonly Migration[] = [
  { id: 1, name: 'relay checkpoints, parked, quarantine', sql: FIRST_SCHEMA },
];

export async function migrateFederation(sql: SqlClient): Promise<void> {
  await runMigrations(sql, 'federation', FEDERATION_MIGRATIONS);
}
