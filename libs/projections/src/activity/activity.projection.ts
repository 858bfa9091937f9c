import {
  isAgreementEventType,
  parseAgreementStreamId,
  parseEndorsementStreamId,
  readersAfter,
  upcast,
  type AgreementEvent,
} from '@ketnoi/domain';
import type { RecordedEvent, SqlQueryable } from '@ketnoi/event-store';
import { forEachEvent, type Projection, type ProjectionChange } from '../engine/projection.js';
import type { TableNames, TableSpec } from '../engine/table.js';

export const ACTIVITY = 'activity';

/** One line per agreement or endorsement event, newest first by position. */
export const ACTIVITY_TABLE: TableSpec = {
  name: 'rm_activity',
  columns: `
    position bigint not null,
    event_id text not null,
    stream_id text not null,
    agreement_id text not null,
    endorsed_by text,
    type text not null,
    actor text not null,
    actor_node text not null,
    origin_node text not null,
    occurred_at text not null,
    party_nodes jsonb not null,
    summary text not null`,
  primaryKey: ['position'],
  indexes: { agreement: 'agreement_id', parties: 'using gin (party_nodes jsonb_path_ops)' },
};

/**
 * The parties of each agreement as this projection saw them: endorsement events carry no party
 * list, and reading the partnership-status table would tie this projection's progress to another's.
 */
export const ACTIVITY_PARTIES_TABLE: TableSpec = {
  name: 'rm_activity_parties',
  columns: `agreement_id text not null, party_nodes jsonb not null`,
  primaryKey: ['agreement_id'],
};

export const activityProjection: Projection = {
  name: ACTIVITY,
  // 2: a line's party_nodes are its readers (a withdrawn party's lines end at its withdrawal).
  version: 2,
  tables: [ACTIVITY_TABLE, ACTIVITY_PARTIES_TABLE],
  async apply(tx, events, tables) {
    const parties = await loadParties(tx, tables, events);
    const touchedParties = new Set<string>();
    const lines: Record<string, unknown>[] = [];
    const changes: ProjectionChange[] = [];
    await forEachEvent(ACTIVITY, events, (event) => {
      const line = activityLine(event, parties, touchedParties);
      if (line === undefined) return;
      lines.push(line);
      changes.push({
        position: event.globalPosition,
        projection: ACTIVITY,
        type: event.type,
        agreementId: line.agreement_id as string,
        partyNodes: line.party_nodes as string[],
      });
    });
    if (lines.length > 0) {
      await tx.query(
        `insert into ${tables[ACTIVITY_TABLE.name]}
           (position, event_id, stream_id, agreement_id, endorsed_by, type, actor, actor_node, origin_node, occurred_at, party_nodes, summary)
         select position, event_id, stream_id, agreement_id, endorsed_by, type, actor, actor_node, origin_node, occurred_at, party_nodes, summary
         from jsonb_to_recordset($1::jsonb) as x(position bigint, event_id text, stream_id text, agreement_id text,
           endorsed_by text, type text, actor text, actor_node text, origin_node text, occurred_at text, party_nodes jsonb, summary text)`,
        [JSON.stringify(lines)],
      );
    }
    if (touchedParties.size > 0) {
      const rows = [...touchedParties].map((id) => ({ agreement_id: id, party_nodes: parties.get(id) }));
      await tx.query(
        `insert into ${tables[ACTIVITY_PARTIES_TABLE.name]} (agreement_id, party_nodes)
         select agreement_id, party_nodes from jsonb_to_recordset($1::jsonb) as x(agreement_id text, party_nodes jsonb)
         on conflict (agreement_id) do update set party_nodes = excluded.party_nodes`,
        [JSON.stringify(rows)],
      );
    }
    return changes;
  },
};

function activityLine(
  event: RecordedEvent,
  parties: Map<string, readonly string[]>,
  touched: Set<string>,
): Record<string, unknown> | undefined {
  const agreementId = parseAgreementStreamId(event.streamId);
  const endorsement = agreementId === undefined ? parseEndorsementStreamId(event.streamId) : undefined;
  const id = agreementId ?? endorsement?.agreementId;
  if (id === undefined) return undefined;
  let summary = event.type;
  // The feed shows even an agreement event this node cannot read (a newer peer's type) by its
  // type; only the events that change the party list must be understood, so only they can stop it.
  // The line's readers are the agreement's readers before and after the event (`readersOfChange`):
  // a party sees its own withdrawal and nothing after it.
  let readers = parties.get(id) ?? [];
  if (agreementId !== undefined && isAgreementEventType(event.type)) {
    const domainEvent = upcast(event);
    const after = readersAfter(domainEvent, readers);
    if (after !== readers) {
      readers = [...new Set([...readers, ...after])].sort();
      parties.set(id, after);
      touched.add(id);
    }
    summary = summarise(domainEvent);
  }
  const partyNodes = [...new Set([...readers, ...(endorsement ? [endorsement.nodeId] : [])])].sort();
  return {
    position: event.globalPosition.toString(),
    event_id: event.eventId,
    stream_id: event.streamId,
    agreement_id: id,
    endorsed_by: endorsement?.nodeId ?? null,
    type: event.type,
    actor: event.metadata.actor,
    actor_node: event.metadata.actorNode,
    origin_node: event.metadata.originNode,
    occurred_at: event.metadata.occurredAt,
    party_nodes: partyNodes,
    summary,
  };
}

/** A one-line, language-neutral description; the client renders it in the reader's language. */
function summarise(event: AgreementEvent): string {
  switch (event.type) {
    case 'AgreementDrafted':
      return `${event.type}: ${event.data.title}`;
    case 'FundingCommitted':
    case 'FundsDisbursed':
      return `${event.type}: ${event.data.amount.amount} ${event.data.amount.currency} by ${event.data.donor}`;
    case 'AgreementCountersigned':
      return `${event.type}: ${event.data.party}`;
    case 'PartyInvited':
      return `${event.type}: ${event.data.party.nodeId}`;
    case 'PartyWithdrawn':
      return `${event.type}: ${event.data.nodeId}`;
    case 'MilestoneReported':
      return `${event.type}: ${event.data.milestoneId} ${event.data.outcome}`;
    default:
      return event.type;
  }
}

async function loadParties(
  tx: SqlQueryable,
  tables: TableNames,
  events: readonly RecordedEvent[],
): Promise<Map<string, readonly string[]>> {
  const ids = new Set<string>();
  for (const e of events) {
    const id = parseAgreementStreamId(e.streamId) ?? parseEndorsementStreamId(e.streamId)?.agreementId;
    if (id !== undefined) ids.add(id);
  }
  const parties = new Map<string, readonly string[]>();
  if (ids.size === 0) return parties;
  const { rows } = await tx.query<{ agreement_id: string; party_nodes: string[] }>(
    `select agreement_id, party_nodes from ${tables[ACTIVITY_PARTIES_TABLE.name]}
     where agreement_id = any($1::text[])`,
    [[...ids]],
  );
  for (const r of rows) parties.set(r.agreement_id, r.party_nodes);
  return parties;
}
