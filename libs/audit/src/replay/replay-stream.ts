import { fold, upcast, type Agreement } from '@ketnoi/domain';
import type { EventStore, RecordedEvent } from '@ketnoi/event-store';
// The node's one "as of" rule (a position, or a time with bare dates as whole days).
import { isBefore, type AsOf } from '@ketnoi/platform';

export interface Replay {
  readonly streamId: string;
  readonly asOf: AsOf;
  /** The agreement as the domain folds the events up to `asOf`. */
  readonly state: Agreement;
  /** The events that led to it, in stream order. */
  readonly events: readonly RecordedEvent[];
}

/** The stream's state at `asOf` and the events that led to it (the domain's own fold: no second model). */
export async function replayStream(store: EventStore, streamId: string, asOf: AsOf): Promise<Replay> {
  const events = (await store.readStream(streamId)).filter((event) => isBefore(event, asOf));
  return { streamId, asOf, state: fold(events.map((e) => upcast(e))), events };
}

/** A person's reading of a replay: the state line, then one line per event. */
export function formatReplay(replay: Replay): string {
  const at =
    replay.asOf.kind === 'position'
      ? `position ${replay.asOf.position}`
      : new Date(replay.asOf.at).toISOString();
  const lines = [`${replay.streamId} as of ${at}: ${replay.state.status}`];
  for (const e of replay.events) {
    lines.push(
      `  r${String(e.revision).padEnd(3)} ${e.metadata.recordedAt}  ${e.type.padEnd(24)} by ${e.metadata.actor} (${e.metadata.actorNode}) at ${e.metadata.originNode}`,
    );
  }
  if (replay.events.length === 0) lines.push('  (no event recorded by then)');
  return lines.join('\n');
}
