import { fold, timeBound, upcast, type Agreement } from '@ketnoi/domain';
import { parseGlobalPosition, type EventStore, type RecordedEvent } from '@ketnoi/event-store';

/** A point in history: an ISO instant (compared with when this node recorded each event) or a global position. */
export type AsOf =
  { readonly kind: 'time'; readonly at: string } | { readonly kind: 'position'; readonly at: bigint };

export function parseAsOf(raw: string): AsOf {
  if (/^\d+$/.test(raw)) {
    const position = parseGlobalPosition(raw);
    if (position === undefined)
      throw new TypeError('asOf: must be a global position of this node (at most 9223372036854775807)');
    return { kind: 'position', at: position };
  }
  // The domain's rule for times people write: a bare date is the whole day, so as of its end.
  return { kind: 'time', at: timeBound(raw, 'end', 'asOf') };
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
