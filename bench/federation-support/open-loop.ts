/**
 * Calls `fire(i)` for i = 0..count-1 at `perSecond`, on a fixed schedule from the start: an
 * open-loop load, so a slow system gets the next event on time anyway and its latency shows,
 * instead of the driver politely waiting (coordinated omission). `fire` must not block; its
 * promises are awaited at the end. Resolves with the seconds the schedule actually took.
 */
export async function fireAtRate(count: number, perSecond: number, fire: (i: number) => Promise<unknown>): Promise<number> {
  const pending: Promise<unknown>[] = [];
  const start = performance.now();
  let next = 0;
  while (next < count) {
    const due = Math.min(count, Math.floor(((performance.now() - start) * perSecond) / 1000) + 1);
    while (next < due) pending.push(fire(next++));
    // setTimeout(1) wakes every ~1 ms: fine-grained enough for 1,000/s, and it yields to the I/O the fires started.
    if (next < count) await new Promise((r) => setTimeout(r, 1));
  }
  const scheduled = (performance.now() - start) / 1000;
  await Promise.all(pending);
  return scheduled;
}
