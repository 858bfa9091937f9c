import type { SqlClient } from '../sql/sql-client.js';

/**
 * Wakes in-process readers of the log when an append commits, so they need not wait for a poll.
 * One per SQL client (`appendNotifierFor`): every store opened on the same database in this
 * process wakes the same readers.
 */
export class AppendNotifier {
  private waiters = new Set<() => void>();
  /** Highest global position appended through this process: lets a reader that just read up to
   * an older position go on at once instead of waiting for an append it raced past. */
  private latest = 0n;

  private wakeScheduled = false;

  /**
   * An append up to `position` committed. Readers wake in the event loop's next check phase, not
   * as microtasks of the appending request: on PGlite a reader's statements run on this thread, and
   * waking it at once made it catch up on each event before Node parsed the other requests waiting
   * on their sockets (batches of one event, the read side on every command's back). Appends made
   * meanwhile coalesce into the one wake-up, so readers take them as one batch.
   */
  notify(position: bigint): void {
    if (position > this.latest) this.latest = position;
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.wakeAll();
    });
  }

  /** Ends every wait now (a store closing). */
  wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /**
   * Resolves on the next notify(), after `ms`, or at once when an append past `after` was
   * notified already: a reader passes the position it read up to, so an append that committed
   * between its read and this call is not slept through.
   */
  wait(ms: number, after?: bigint): Promise<void> {
    if (after !== undefined && this.latest > after) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      // A long idle wait must not keep a process (a CLI, a test worker) alive after its work.
      timer.unref();
      this.waiters.add(wake);
    });
  }
}

const notifiers = new WeakMap<SqlClient, AppendNotifier>();

/** The notifier of every store on `sql` in this process. */
export function appendNotifierFor(sql: SqlClient): AppendNotifier {
  let notifier = notifiers.get(sql);
  if (!notifier) notifiers.set(sql, (notifier = new AppendNotifier()));
  return notifier;
}
