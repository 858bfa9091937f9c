import type { SqlQueryable } from '@ketnoi/event-store';
import type { ReadScope } from '@ketnoi/platform';

export interface ActivityFilter {
  readonly agreementId?: string;
  /** Lines with a position below this one (the previous page's `nextCursor`). */
  readonly before?: bigint;
  /** @defaultValue 50 */
  readonly limit?: number;
}

/** The activity feed, newest first, limited to agreements the caller may see. */
export async function listActivity(sql: SqlQueryable, filter: ActivityFilter, scope: ReadScope) {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => (params.push(value), `$${params.length}`);
  if (scope.kind === 'party') where.push(`party_nodes @> jsonb_build_array(${param(scope.node)}::text)`);
  if (filter.agreementId) where.push(`agreement_id = ${param(filter.agreementId)}`);
  if (filter.before !== undefined) where.push(`position < ${param(filter.before.toString())}::bigint`);
  const limit = filter.limit ?? 50;
  const { rows } = await sql.query<Record<string, unknown>>(
    `select * from rm_activity ${where.length ? `where ${where.join(' and ')}` : ''} order by position desc limit ${limit + 1}`,
    params,
  );
  const items = rows.slice(0, limit).map((r) => ({
    position: String(r.position),
    eventId: r.event_id as string,
    streamId: r.stream_id as string,
    agreementId: r.agreement_id as string,
    endorsedBy: (r.endorsed_by as string | null) ?? undefined,
    type: r.type as string,
    actor: r.actor as string,
    actorNode: r.actor_node as string,
    originNode: r.origin_node as string,
    occurredAt: r.occurred_at as string,
    summary: r.summary as string,
  }));
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.position : null };
}
