/**
 * The largest global position a store can hold: PostgreSQL's bigint, KurrentDB's commit
 * position is unsigned 64-bit but ours are dense counters far below either.
 */
export const MAX_GLOBAL_POSITION = 2n ** 63n - 1n;

/**
 * A global position as a client writes it (decimal digits, in range), or undefined: the one
 * rule every edge uses for `minPosition`, cursors, `asOf` and `Last-Event-ID`, so a number past
 * the store's range is a 400 at the edge and never reaches SQL.
 */
export function parseGlobalPosition(text: string): bigint | undefined {
  if (!/^\d{1,19}$/.test(text)) return undefined;
  const position = BigInt(text);
  return position <= MAX_GLOBAL_POSITION ? position : undefined;
}
