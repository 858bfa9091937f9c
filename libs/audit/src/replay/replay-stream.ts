import { fold, upcast, type Agreement } from '@ketnoi/domain';
import type { EventStore, RecordedEvent } from '@ketnoi/event-store';

/** A point in history: an ISO instant (compared with when this node recorded each event) or a global position. */
export type AsOf = { readonly kind: 'time'; readonly at: string } | { readonly kind: 'position'; readonly at: bigint };

export function parseAsOf(raw: string): AsOf {
  if (/^\d+$/.test(raw)) return { kind: 'position', at: BigInt(raw) };
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ms))
    throw new TypeError(`asOf: must be an ISO 8601 time such as 2026-11-22T10:00:00Z or a global position (got ${JSON.stringify(raw)})`);
  return { kind: 'time', at: new Date(ms).toISOString() };
}

export interface Replay {
  readonly streamId: string;
  readonly asOf: AsOf;
  /** The agreement as the domain folds the events up to `asOf`. */
  readonly state: Agreement;
  /** The events that led to it, in stream order. */
  readonly events: readonly RecordedEvent[];
}

const recordedBy = (asOf: AsOf) => (e: RecordedEvent) =>
  asOf.kind === 'position' ? e.globalPosition <= asOf.at : e.metadata.recordedAt <= asOf.at;

/** The stream's state at `asOf` and the events that led to it (the domain's own fold: no second model). */
export async function replayStream(store: EventStore, streamId: string, asOf: AsOf): Promise<Replay> {
  const events = (await store.readStream(streamId)).filter(recordedBy(asOf));
  return { streamId, asOf, state: fold(events.map((e) => upcast(e))), events };
}

/** A person's reading of a replay: the state line, then one line per event. */
export function formatReplay(replay: Replay): string {
  const at = replay.asOf.kind === 'position' ? `position ${replay.asOf.at}` : replay.asOf.at;
  const lines = [`${replay.streamId} as of ${at}: ${replay.state.status}`];
  for (const e of replay.events) {
    lines.push(
      `  r${String(e.revision).padEnd(3)} ${e.metadata.recordedAt}  ${e.type.padEnd(24)} by ${e.metadata.actor} (${e.metadata.actorNode}) at ${e.metadata.originNode}`,
    );
  }
  if (replay.events.length === 0) lines.push('  (no event recorded by then)');
  return lines.join('\n');
}
