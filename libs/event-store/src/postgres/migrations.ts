import type { SqlClient } from '../sql/sql-client.js';

/**
 * Idempotent schema. The constraints ARE the concurrency control: the unique keys reject a second
 * writer at the same revision or a reused eventId, and the self-referencing foreign key makes a
 * gap or a fork in a stream's hash chain unstorable. `log_head` is the single position counter
 * whose row lock serialises allocation until commit (see docs/event-store.md).
 */
export const MIGRATION = `
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
`;

export async function migrate(sql: SqlClient): Promise<void> {
  await sql.exec(MIGRATION);
}
