import type { CheckpointStore, EventStore, RecordedEvent, SubscribeOptions, Subscription } from '../port/index.js';
import type { AppendNotifier } from './notifier.js';

const BATCH = 500;

/**
 * Catch-up then live, by reading `global_position > checkpoint`. Safe only because positions
 * become visible in commit order without gaps (log_head lock). Handles one event at a time and
 * saves the checkpoint once per batch read (and on stop or error, up to the last event handled):
 * one write per batch instead of one per event, at the price of a crash replaying at most the
 * batch, which handlers absorb (they are idempotent by contract). A handler error stops here, so
 * the event is never skipped.
 */
export function pollSubscription(
  store: Pick<EventStore, 'readAll'>,
  checkpoints: CheckpointStore,
  notifier: AppendNotifier,
  /** See `idleWaitMs`: a poll interval, or only a safety poll when the notifier sees every append. */
  idleWaitMs: number,
  options: SubscribeOptions,
  onStopped: (s: Subscription) => void,
): Subscription {
  if (typeof options.subscriptionId !== 'string' || !options.subscriptionId)
    throw new TypeError('subscriptionId: must be a non-empty string');
  if (typeof options.handle !== 'function') throw new TypeError('handle: must be a function');
  let position = options.startAfter ?? 0n;
  let saved: bigint | undefined;
  let stopped = false;
  const save = async (): Promise<void> => {
    if (position === saved) return;
    await checkpoints.save(options.subscriptionId, position);
    saved = position;
  };

  const run = async (): Promise<void> => {
    let current: RecordedEvent | undefined;
    try {
      position = (await checkpoints.load(options.subscriptionId)) ?? position;
      saved = position;
      let reportedAt: bigint | undefined;
      while (!stopped) {
        const batch = await store.readAll({ after: position, maxCount: BATCH });
        for (const event of batch) {
          if (stopped) break;
          current = event;
          await options.handle(event);
          position = event.globalPosition;
          current = undefined;
        }
        await save();
        if (batch.length < BATCH && !stopped) {
          if (reportedAt !== position) {
            reportedAt = position;
            options.onCaughtUp?.(position);
          }
          await notifier.wait(idleWaitMs, position);
        }
      }
    } catch (error) {
      // What was handled before the failure stays handled; the failing event is read again.
      await save().catch(() => undefined);
      if (!stopped) options.onError?.(error, current);
    } finally {
      stopped = true;
      onStopped(subscription);
    }
  };

  const subscription: Subscription = {
    subscriptionId: options.subscriptionId,
    position: () => position,
    async stop() {
      stopped = true;
      notifier.wakeAll();
      await done;
    },
  };
  const done = run();
  return subscription;
}
