/**
 * The schema scripts nodes ran at every start before there were migrations (copied from the code
 * of commit 5d94700, and never to be edited): the fixture of "a node deployed before migrations".
 * Each ran alone under the schema lock, as `exec(exclusiveDdl(...))`.
 */
export const PRE_MIGRATION_EVENT_STORE = `
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

export const PRE_MIGRATION_FEDERATION = `
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

export const PRE_MIGRATION_IDEMPOTENCY = `
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
);
ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS owner text;
CREATE TABLE IF NOT EXISTS idempotency_owners (
  instance_id  text        PRIMARY KEY,
  seen_at      timestamptz NOT NULL DEFAULT now()
)`;

export const PRE_MIGRATION_PROJECTION_CHECKPOINTS = `
create table if not exists projection_checkpoints (
  name text not null primary key,
  position bigint not null
);
alter table projection_checkpoints add column if not exists version integer not null default 1;`;
