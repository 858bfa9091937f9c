import { runMigrations, type Migration } from '../sql/migrations.js';
import type { SqlClient } from '../sql/sql-client.js';

/**
 * The log's first schema. The constraints ARE the concurrency control: the unique keys reject a second
 * writer at the same revision or a reused eventId, and the self-referencing foreign key makes a
 * gap or a fork in a stream's hash chain unstorable. `log_head` is the single position counter
 * whose row lock serialises allocation until commit (see docs/event-store.md). Idempotent: it is
 * the script nodes ran at every start before there were migrations, so their databases adopt it.
 */
const LOG_SCHEMA = `
create table if not exists log_head (
  id boolean primary key default true check (id),
  position bigint not null
);
insert into log_head (id, position) values (true, 0) on conflict (id) do nothing;
create table if not exists events (
  global_position bigint not null constraint events_pk primary key,
  event_id text not null constraint events_event_id_uk unique,
  stream_id text not null,
  revision integer not null,
  prev_revision integer,
  type text not null,
  schema_version integer not null,
  data jsonb not null,
  actor text not null,
  actor_node text not null,
  origin_node text not null,
  origin_revision integer not null,
  correlation_id text not null,
  causation_id text not null,
  occurred_at text not null,
  recorded_at text not null,
  prev_hash text not null,
  hash text not null,
  signature text,
  constraint events_stream_revision_uk unique (stream_id, revision),
  constraint events_chain_uk unique (stream_id, revision, hash),
  constraint events_chain_fk foreign key (stream_id, prev_revision, prev_hash)
    references events (stream_id, revision, hash),
  constraint events_link_ck check (
    (revision = 0 and prev_revision is null and prev_hash = '${'0'.repeat(64)}')
    or (revision > 0 and prev_revision = revision - 1))
);
create table if not exists checkpoints (
  subscription_id text not null primary key,
  position bigint not null
);
create or replace function append_one_event(p_event_id text, p_stream_id text, p_revision integer, p_type text,
  p_schema_version integer, p_data jsonb, p_actor text, p_actor_node text, p_origin_node text, p_correlation_id text,
  p_causation_id text, p_occurred_at text, p_recorded_at text, p_prev_hash text, p_hash text, p_signature text)
returns bigint language plpgsql as $$
declare
  next_position bigint;
begin
  update log_head set position = log_head.position + 1 where id returning log_head.position into next_position;
  insert into events (global_position, event_id, stream_id, revision, prev_revision, type, schema_version, data,
    actor, actor_node, origin_node, origin_revision, correlation_id, causation_id, occurred_at, recorded_at,
    prev_hash, hash, signature)
  values (next_position, p_event_id, p_stream_id, p_revision, nullif(p_revision, 0) - 1, p_type, p_schema_version, p_data,
    p_actor, p_actor_node, p_origin_node, p_revision, p_correlation_id, p_causation_id, p_occurred_at, p_recorded_at,
    p_prev_hash, p_hash, p_signature);
  return next_position;
end $$;
`;

/** The event log's migrations, in order; a schema change is a new entry, never an edit. */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  { id: 1, name: 'log, events, checkpoints, append_one_event', sql: LOG_SCHEMA },
];

export async function migrate(sql: SqlClient): Promise<void> {
  await runMigrations(sql, 'event-store', EVENT_STORE_MIGRATIONS);
}
