import type { RecordedEvent, SqlQueryable } from '@ketnoi/event-store';
import {
  forEachEvent,
  type BoundedCache,
  type Projection,
  type ProjectionChange,
} from '../engine/projection.js';
import type { TableNames, TableSpec } from '../engine/table.js';
import { parseAgreementStreamId, readersOfChange, upcast, nextStatusRow, type StatusRow } from '@ketnoi/domain';

export const PARTNERSHIP_STATUS = 'partnership-status';

export const STATUS_TABLE: TableSpec = {
  name: 'rm_partnership_status',
  columns: `
    agreement_id text not null,
    home_node text not null,
    title text not null,
    title_vi text,
    title_en text,
    title_fr text,
    kind text not null,
    programme text,
    themes jsonb not null,
    party_nodes jsonb not null,
    parties_total integer not null,
    countersigned integer not null,
    status text not null,
    start_date text,
    end_date text,
    milestones_done integer not null,
    milestones_total integer not null,
    last_event_type text not null,
    last_event_at text not null,
    drafted_at text not null,
    revision integer not null,
    position bigint not null,
    search text not null,
    state jsonb not null`,
  primaryKey: ['agreement_id'],
  indexes: {
    status: 'status',
    programme: 'programme',
    // Party filter and partner read scope: `party_nodes @> '["fr-nevers"]'`.
    parties: 'using gin (party_nodes jsonb_path_ops)',
    // One per sort of the list, keyed like its cursor: a page walks the index and stops at the
    // limit instead of sorting every row that matches (the board's first page, a common word).
    updated: 'position, agreement_id',
    title: 'title, agreement_id',
    drafted: 'drafted_at, agreement_id',
  },
};

/**
 * An agreement as it stood when a party withdrew, the only view of it that party keeps
 * (docs/access-control.md, rule 3): one row per (withdrawn node, agreement), with the status
 * table's columns, dropped again if the node is invited back.
 */
export const WITHDRAWN_TABLE: TableSpec = {
  name: 'rm_partnership_withdrawn',
  columns: `viewer_node text not null, ${STATUS_TABLE.columns}`,
  primaryKey: ['viewer_node', 'agreement_id'],
};

/** Funding per agreement, donor and currency; `numeric` sums stay exact for the portfolio views. */
export const FUNDING_TABLE: TableSpec = {
  name: 'rm_partnership_funding',
  columns: `
    agreement_id text not null,
    donor text not null,
    currency text not null,
    committed numeric not null,
    disbursed numeric not null`,
  primaryKey: ['agreement_id', 'donor', 'currency'],
  indexes: { donor: 'donor, currency' },
};

const COLUMNS = `agreement_id text, home_node text, title text, title_vi text, title_en text, title_fr text,
  kind text, programme text, themes jsonb, party_nodes jsonb, parties_total integer, countersigned integer,
  status text, start_date text, end_date text, milestones_done integer, milestones_total integer,
  last_event_type text, last_event_at text, drafted_at text, revision integer, position bigint, search text,
  state jsonb`;
/** The status table's column names, in order: what a withdrawn party's view has too. */
export const STATUS_COLUMN_NAMES = COLUMNS.split(',').map((c) => c.trim().split(/\s+/)[0]!);
const NAMES = STATUS_COLUMN_NAMES;

/**
 * One row per agreement (local and replicated streams alike: both arrive in this node's log).
 * A batch loads the rows it touches once, folds its events with the pure `nextStatusRow`, and
 * writes every touched row with one statement.
 */
export const partnershipStatusProjection: Projection = {
  name: PARTNERSHIP_STATUS,
  // 2: party_nodes are the current readers; withdrawn parties keep a view of their own.
  version: 2,
  tables: [STATUS_TABLE, FUNDING_TABLE, WITHDRAWN_TABLE],
  async apply(tx, events, tables, context) {
    const cache = context?.cache as BoundedCache<StatusRow> | undefined;
    const ids = agreementIdsOf(events);
    const rows = new Map<string, StatusRow>();
    for (const id of ids) {
      const cached = cache?.get(id);
      if (cached) rows.set(id, cached);
    }
    for (const [id, row] of await loadRows(
      tx,
      tables,
      ids.filter((id) => !rows.has(id)),
    ))
      rows.set(id, row);
    const fundingBefore = new Map([...rows].map(([id, row]) => [id, row.state.funding]));
    const touched = new Map<string, StatusRow>();
    const withdrawnViews = new Map<string, { viewer: string; row: StatusRow | null; agreementId: string }>();
    const changes: ProjectionChange[] = [];
    await forEachEvent(PARTNERSHIP_STATUS, events, (event) => {
      const id = parseAgreementStreamId(event.streamId);
      if (id === undefined) return; // endorsement streams change no row here
      const before = rows.get(id);
      const row = nextStatusRow(before, event);
      if (row === undefined) return;
      rows.set(row.agreementId, row);
      touched.set(row.agreementId, row);
      const viewer = membershipChangeOf(event);
      if (viewer) withdrawnViews.set(`${viewer.node}|${id}`, { viewer: viewer.node, agreementId: id, row: viewer.left ? row : null });
      changes.push({
        position: event.globalPosition,
        projection: PARTNERSHIP_STATUS,
        type: event.type,
        agreementId: row.agreementId,
        partyNodes: readersOfChange(before?.state, row.state),
      });
    });
    if (withdrawnViews.size > 0) await writeWithdrawnViews(tx, tables, [...withdrawnViews.values()]);
    if (touched.size > 0) {
      const written = [...touched.values()];
      // Funding lines change on few events; rewrite them only for those agreements.
      const fundingChanged = written.filter((r) => {
        const before = fundingBefore.get(r.agreementId);
        return before === undefined ? r.state.funding.length > 0 : r.state.funding !== before;
      });
      await writeRows(tx, tables, written, fundingChanged);
      if (cache) for (const row of written) cache.set(row.agreementId, row);
    }
    return changes;
  },
};

/** The node a PartyWithdrawn or PartyInvited event concerns, and whether it left. */
function membershipChangeOf(event: RecordedEvent): { node: string; left: boolean } | undefined {
  if (event.type !== 'PartyWithdrawn' && event.type !== 'PartyInvited') return undefined;
  const domainEvent = upcast(event);
  if (domainEvent.type === 'PartyWithdrawn') return { node: domainEvent.data.nodeId, left: true };
  if (domainEvent.type === 'PartyInvited') return { node: domainEvent.data.party.nodeId, left: false };
  return undefined;
}

/** Replaces each (node, agreement) view: the row at the withdrawal, or none once invited back. */
async function writeWithdrawnViews(
  tx: SqlQueryable,
  tables: TableNames,
  views: readonly { viewer: string; agreementId: string; row: StatusRow | null }[],
): Promise<void> {
  const table = tables[WITHDRAWN_TABLE.name];
  await tx.query(
    `delete from ${table} w using jsonb_to_recordset($1::jsonb) as x(viewer_node text, agreement_id text)
     where w.viewer_node = x.viewer_node and w.agreement_id = x.agreement_id`,
    [JSON.stringify(views.map((v) => ({ viewer_node: v.viewer, agreement_id: v.agreementId })))],
  );
  const kept = views.filter((v) => v.row !== null);
  if (kept.length === 0) return;
  await tx.query(
    `insert into ${table} (viewer_node, ${NAMES.join(', ')})
     select viewer_node, ${NAMES.join(', ')} from jsonb_to_recordset($1::jsonb) as x(viewer_node text, ${COLUMNS})`,
    [JSON.stringify(kept.map((v) => ({ viewer_node: v.viewer, ...sqlRecord(v.row!) })))],
  );
}

const agreementIdsOf = (events: readonly RecordedEvent[]): string[] => [
  ...new Set(events.flatMap((e) => parseAgreementStreamId(e.streamId) ?? [])),
];

async function loadRows(
  tx: SqlQueryable,
  tables: TableNames,
  ids: string[],
): Promise<Map<string, StatusRow>> {
  const rows = new Map<string, StatusRow>();
  if (ids.length === 0) return rows;
  const result = await tx.query<Record<string, unknown>>(
    // `= any` of an array uses the primary key; `in (select jsonb_array_elements_text(...))` was
    // planned as a sequential scan of the table below about 10k rows.
    `select * from ${tables[STATUS_TABLE.name]} where agreement_id = any($1::text[])`,
    [ids],
  );
  for (const r of result.rows) rows.set(r.agreement_id as string, rowFromSql(r));
  return rows;
}

/** A stored row back as a StatusRow (the inverse of `sqlRecord`). */
export function rowFromSql(r: Record<string, unknown>): StatusRow {
  return {
    agreementId: r.agreement_id as string,
    state: r.state as StatusRow['state'],
    partyNodes: r.party_nodes as string[],
    countersigned: Number(r.countersigned),
    milestonesDone: Number(r.milestones_done),
    milestonesTotal: Number(r.milestones_total),
    lastEventType: r.last_event_type as string,
    lastEventAt: r.last_event_at as string,
    draftedAt: r.drafted_at as string,
    revision: Number(r.revision),
    position: BigInt(r.position as bigint),
    search: r.search as string,
  };
}

function sqlRecord(row: StatusRow): Record<string, unknown> {
  const s = row.state;
  return {
    agreement_id: row.agreementId,
    home_node: s.homeNode,
    title: s.title,
    title_vi: s.titleTranslations.vi ?? null,
    title_en: s.titleTranslations.en ?? null,
    title_fr: s.titleTranslations.fr ?? null,
    kind: s.kind,
    programme: s.programme ?? null,
    themes: s.themes,
    party_nodes: row.partyNodes,
    parties_total: s.parties.filter((p) => !p.withdrawn).length,
    countersigned: row.countersigned,
    status: s.status,
    start_date: s.startDate ?? null,
    end_date: s.endDate ?? null,
    milestones_done: row.milestonesDone,
    milestones_total: row.milestonesTotal,
    last_event_type: row.lastEventType,
    last_event_at: row.lastEventAt,
    drafted_at: row.draftedAt,
    revision: row.revision,
    // JSON has no bigint; jsonb_to_recordset reads the decimal string into the bigint column.
    position: row.position.toString(),
    search: row.search,
    state: s,
  };
}

async function writeRows(
  tx: SqlQueryable,
  tables: TableNames,
  rows: StatusRow[],
  fundingChanged: StatusRow[],
): Promise<void> {
  const status = tables[STATUS_TABLE.name];
  const funding = tables[FUNDING_TABLE.name];
  const updates = NAMES.filter((n) => n !== 'agreement_id')
    .map((n) => `${n} = excluded.${n}`)
    .join(', ');
  await tx.query(
    `insert into ${status} (${NAMES.join(', ')})
     select ${NAMES.join(', ')} from jsonb_to_recordset($1::jsonb) as x(${COLUMNS})
     on conflict (agreement_id) do update set ${updates}`,
    [JSON.stringify(rows.map(sqlRecord))],
  );
  if (fundingChanged.length === 0) return;
  const ids = fundingChanged.map((r) => r.agreementId);
  await tx.query(
    `delete from ${funding} where agreement_id = any($1::text[])`,
    [ids],
  );
  const lines = fundingChanged.flatMap((r) =>
    r.state.funding.map((l) => ({ agreement_id: r.agreementId, ...l })),
  );
  if (lines.length === 0) return;
  await tx.query(
    `insert into ${funding} (agreement_id, donor, currency, committed, disbursed)
     select agreement_id, donor, currency, committed::numeric, disbursed::numeric
     from jsonb_to_recordset($1::jsonb) as x(agreement_id text, donor text, currency text, committed text, disbursed text)`,
    [JSON.stringify(lines)],
  );
}
