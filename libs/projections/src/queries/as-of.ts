import { parseAgreementStreamId, nextStatusRow, type StatusRow } from '@ketnoi/domain';
import type { EventStore } from '@ketnoi/event-store';
import { isBefore, type AsOf, type ReadScope } from '@ketnoi/platform';

/**
 * Every agreement's status row at `asOf` that `scope` may read, folded from the global log with
 * the same pure `nextStatusRow` the projection uses: the as-of answer has the live answer's shape
 * and rules. A party that had withdrawn by then gets the row as it stood at its withdrawal.
 */
export async function statusRowsAsOf(
  store: EventStore,
  asOf: AsOf,
  scope: ReadScope = { kind: 'all' },
  batchSize = 2000,
): Promise<StatusRow[]> {
  const rows = new Map<string, StatusRow>();
  const atWithdrawal = new Map<string, StatusRow>();
  const viewer = scope.kind === 'party' ? scope.node : undefined;
  let after = 0n;
  for (;;) {
    const events = await store.readAll({ after, maxCount: batchSize });
    if (events.length === 0) break;
    for (const event of events) {
      if (!isBefore(event, asOf)) continue;
      const id = parseAgreementStreamId(event.streamId);
      if (id === undefined) continue; // endorsement streams change no row here
      const before = rows.get(id);
      const row = nextStatusRow(before, event);
      if (!row) continue;
      rows.set(row.agreementId, row);
      if (viewer === undefined) continue;
      const wasReader = before?.partyNodes.includes(viewer) ?? false;
      const isReader = row.partyNodes.includes(viewer);
      if (wasReader && !isReader) atWithdrawal.set(row.agreementId, row);
      if (isReader) atWithdrawal.delete(row.agreementId);
    }
    after = events[events.length - 1]!.globalPosition;
    if (asOf.kind === 'position' && after >= asOf.position) break;
  }
  if (viewer === undefined) return [...rows.values()];
  return [...rows.values()].flatMap((row) =>
    row.partyNodes.includes(viewer) ? [row] : (atWithdrawal.get(row.agreementId) ?? []),
  );
}
