import type { EventStore, RecordedEvent } from '@ketnoi/event-store';

/** Positions the store could not read, and why (a corrupted page, a dead database). */
export interface UnreadableRange {
  readonly from: bigint;
  /** Undefined when nothing past `from` could be read: the rest of the log is unknown. */
  readonly to: bigint | undefined;
  readonly reason: string;
}

export type LogChunk = { readonly events: readonly RecordedEvent[] } | { readonly unreadable: UnreadableRange };

/**
 * The node's log in pages, stepping over what cannot be read instead of failing the whole scan.
 * A failed page is read again in smaller pages down to single events, so one bad database page
 * costs only the events stored on it. Stepping over one position needs gap-free positions
 * (`after + 1` is the next event); without them, or when the store stops answering altogether,
 * the scan ends with an open range.
 */
export async function* readLogTolerating(
  store: EventStore,
  pageSize: number,
  gapFreePositions: boolean,
): AsyncGenerator<LogChunk> {
  let after = 0n;
  let size = pageSize;
  let run: { from: bigint; to: bigint; reason: string } | undefined;
  for (;;) {
    let page: RecordedEvent[];
    try {
      page = await store.readAll({ after, maxCount: size });
    } catch (error) {
      if (size > 1) {
        size = Math.max(1, Math.floor(size / 8));
        continue;
      }
      const reason = readReason(error);
      const head = gapFreePositions ? await store.headPosition().catch(() => undefined) : undefined;
      if (head === undefined || after + 1n > head) {
        yield { unreadable: { from: run?.from ?? after + 1n, to: undefined, reason: run?.reason ?? reason } };
        return;
      }
      after += 1n;
      run = run ? { ...run, to: after } : { from: after, to: after, reason };
      continue;
    }
    if (run) yield { unreadable: run };
    run = undefined;
    if (page.length === 0) return;
    yield { events: page };
    after = page[page.length - 1]!.globalPosition;
    size = Math.min(pageSize, size * 8);
  }
}

/** One line a person can read: the driver's first line and its SQLSTATE, never a stack or source dump. */
export function readReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0]!.slice(0, 300);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `${firstLine} (SQLSTATE ${code})` : firstLine;
}
