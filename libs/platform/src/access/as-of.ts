import { timeBound } from '@ketnoi/domain';
import { parseGlobalPosition, type RecordedEvent } from '@ketnoi/event-store';

// The one rule for "as of" on every read (read models, the agreement, its history).

/** A past point of the node's log: a global position, or an instant (events this node had recorded by then). */
export type AsOf =
  { readonly kind: 'position'; readonly position: bigint } | { readonly kind: 'time'; readonly at: number };

/**
 * `asOf` as a client writes it: digits are a position (within the store's range), anything else
 * a time by the domain's rule (a bare date is the end of that UTC day, an instant carries its zone).
 */
export function parseAsOf(text: string): AsOf | undefined {
  if (/^\d+$/.test(text)) {
    const position = parseGlobalPosition(text);
    return position === undefined ? undefined : { kind: 'position', position };
  }
  try {
    return { kind: 'time', at: Date.parse(timeBound(text, 'end', 'asOf')) };
  } catch {
    return undefined;
  }
}

/** Whether the event was in this node's log at `asOf` (by position, or by recordedAt: what the node knew then). */
export const isBefore = (event: RecordedEvent, asOf: AsOf): boolean =>
  asOf.kind === 'position'
    ? event.globalPosition <= asOf.position
    : Date.parse(event.metadata.recordedAt) <= asOf.at;
