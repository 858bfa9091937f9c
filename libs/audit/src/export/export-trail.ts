import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { EventStore, RecordedEvent } from '@ketnoi/event-store';

export const TRAIL_FORMATS = ['jsonl', 'csv'] as const;
export type TrailFormat = (typeof TRAIL_FORMATS)[number];

/** One line of the audit trail: who did what, where, when, and why (correlation and causation). */
export interface TrailRow {
  readonly position: string;
  readonly recordedAt: string;
  readonly occurredAt: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly actor: string;
  readonly actorNode: string;
  readonly originNode: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly eventId: string;
  readonly hash: string;
}

export const TRAIL_COLUMNS: readonly (keyof TrailRow)[] = [
  'position', 'recordedAt', 'occurredAt', 'streamId', 'revision', 'type', 'actor', 'actorNode',
  'originNode', 'correlationId', 'causationId', 'eventId', 'hash',
];

export interface TrailRange {
  /** ISO instants, inclusive, compared with when this node recorded each event. */
  readonly from?: string;
  readonly to?: string;
}

const rowOf = (e: RecordedEvent): TrailRow => ({
  position: e.globalPosition.toString(),
  recordedAt: e.metadata.recordedAt,
  occurredAt: e.metadata.occurredAt,
  streamId: e.streamId,
  revision: e.revision,
  type: e.type,
  actor: e.metadata.actor,
  actorNode: e.metadata.actorNode,
  originNode: e.metadata.originNode,
  correlationId: e.metadata.correlationId,
  causationId: e.metadata.causationId,
  eventId: e.eventId,
  hash: e.metadata.hash,
});

/** The trail in log order, one page of the log in memory at a time. */
export async function* trailRows(store: EventStore, range: TrailRange, pageSize = 1000): AsyncGenerator<TrailRow> {
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) return;
    for (const e of page) {
      if (range.from && e.metadata.recordedAt < range.from) continue;
      if (range.to && e.metadata.recordedAt > range.to) continue;
      yield rowOf(e);
    }
    after = page[page.length - 1]!.globalPosition;
  }
}

/**
 * The trail as a byte stream in `format`, pulled by its consumer: a slow reader (a file, an HTTP
 * client) slows the log scan instead of filling memory.
 */
export function exportTrail(store: EventStore, range: TrailRange, format: TrailFormat): Readable {
  const rows = Readable.from(trailRows(store, range), { objectMode: true });
  if (format === 'csv') return rows.pipe(stringify({ header: true, columns: [...TRAIL_COLUMNS] }));
  return Readable.from(
    (async function* () {
      for await (const row of rows) yield `${JSON.stringify(row)}\n`;
    })(),
  );
}
