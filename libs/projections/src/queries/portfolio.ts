import { Big } from 'big.js';
import { AGREEMENT_STATUSES, canonicalAmount, type StatusRow } from '@ketnoi/domain';
import type { SqlQueryable } from '@ketnoi/event-store';
import type { ReadScope } from '@ketnoi/platform';
import { rowFromSql } from '../partnership-status/partnership-status.projection.js';
import { visibleStatusRows } from './visible-rows.js';

export interface CurrencyTotal {
  readonly currency: string;
  readonly committed: string;
  readonly disbursed: string;
}

/**
 * A node's agreements summed up. A pure function of status rows, so the live view (rows from
 * the read model) and the as-of view (rows folded from history) answer in the same shape.
 */
export function portfolioOf(nodeId: string, rows: readonly StatusRow[]) {
  const mine = rows
    .filter((r) => r.partyNodes.includes(nodeId))
    .sort((a, b) => a.agreementId.localeCompare(b.agreementId));
  const byStatus = Object.fromEntries(AGREEMENT_STATUSES.map((s) => [s, 0])) as Record<string, number>;
  for (const r of mine) byStatus[r.state.status] = (byStatus[r.state.status] ?? 0) + 1;
  return {
    nodeId,
    agreements: mine.length,
    byStatus,
    funding: totals(mine.flatMap((r) => r.state.funding)),
    milestones: {
      done: mine.reduce((n, r) => n + r.milestonesDone, 0),
      total: mine.reduce((n, r) => n + r.milestonesTotal, 0),
    },
    items: mine.map((r) => ({
      agreementId: r.agreementId,
      title: r.state.title,
      status: r.state.status,
      homeNode: r.state.homeNode,
      revision: r.revision,
    })),
  };
}

export type Portfolio = ReturnType<typeof portfolioOf>;

/** Per currency, committed and disbursed summed exactly (big.js), in canonical form. */
export function totals(
  lines: readonly { currency: string; committed: string; disbursed: string }[],
): CurrencyTotal[] {
  const sums = new Map<string, { committed: Big; disbursed: Big }>();
  for (const line of lines) {
    const sum = sums.get(line.currency) ?? { committed: new Big(0), disbursed: new Big(0) };
    sums.set(line.currency, {
      committed: sum.committed.plus(line.committed),
      disbursed: sum.disbursed.plus(line.disbursed),
    });
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, s]) => ({
      currency,
      committed: canonicalAmount(s.committed, currency),
      disbursed: canonicalAmount(s.disbursed, currency),
    }));
}

/** Status rows of the agreements `nodeId` is party to that the caller may see. */
export async function loadPartyRows(
  sql: SqlQueryable,
  nodeId: string,
  scope: ReadScope,
): Promise<StatusRow[]> {
  const params: unknown[] = [];
  const param = (value: unknown) => (params.push(value), `$${params.length}`);
  const from = visibleStatusRows(scope, param);
  const { rows } = await sql.query<Record<string, unknown>>(
    `select * from ${from} where party_nodes @> jsonb_build_array(${param(nodeId)}::text)`,
    params,
  );
  return rows.map(rowFromSql);
}

/** What one donor committed and disbursed, per currency and per agreement, over what the caller may see. */
export async function donorPortfolio(sql: SqlQueryable, donor: string, scope: ReadScope) {
  const params: unknown[] = [];
  const param = (value: unknown) => (params.push(value), `$${params.length}`);
  // The funding table is the live rows' funding; a withdrawn party's view carries its own in `state`.
  const source =
    scope.kind === 'all'
      ? `select f.agreement_id, s.title, s.status, f.currency, f.committed::text as committed, f.disbursed::text as disbursed
         from rm_partnership_funding f join rm_partnership_status s on s.agreement_id = f.agreement_id
         where f.donor = ${param(donor)}`
      : `select visible.agreement_id, visible.title, visible.status, l.currency, l.committed, l.disbursed
         from ${visibleStatusRows(scope, param)}
         cross join jsonb_to_recordset(visible.state -> 'funding') as l(donor text, currency text, committed text, disbursed text)
         where l.donor = ${param(donor)}`;
  const { rows } = await sql.query<{
    agreement_id: string;
    title: string;
    status: string;
    currency: string;
    committed: string;
    disbursed: string;
  }>(`select * from (${source}) as lines order by agreement_id, currency`, params);
  const lines = rows.map((r) => ({
    agreementId: r.agreement_id,
    title: r.title,
    status: r.status,
    currency: r.currency,
    committed: canonicalAmount(new Big(r.committed), r.currency),
    disbursed: canonicalAmount(new Big(r.disbursed), r.currency),
  }));
  return { donor, funding: totals(lines), agreements: lines };
}

/** Agreements grouped by programme ("Vietnam–France decentralised cooperation", ...). */
export async function programmeOverview(sql: SqlQueryable, scope: ReadScope) {
  const params: unknown[] = [];
  const param = (value: unknown) => (params.push(value), `$${params.length}`);
  const { rows } = await sql.query<Record<string, unknown>>(`select * from ${visibleStatusRows(scope, param)}`, params);
  const groups = new Map<string, StatusRow[]>();
  for (const row of rows.map(rowFromSql)) {
    const key = row.state.programme ?? '';
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return {
    programmes: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([programme, members]) => {
        const byStatus: Record<string, number> = {};
        for (const r of members) byStatus[r.state.status] = (byStatus[r.state.status] ?? 0) + 1;
        return {
          programme: programme === '' ? null : programme,
          agreements: members.length,
          byStatus,
          parties: [...new Set(members.flatMap((r) => r.partyNodes))].sort(),
          funding: totals(members.flatMap((r) => r.state.funding)),
        };
      }),
  };
}
