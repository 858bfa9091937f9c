import type { CheckpointStore, EventStore, RecordedEvent, SubscribeOptions, Subscription } from '../port/index.js';
import type { AppendNotifier } from './notifier.js';

const BATCH = 500;

/**
 * Catch-up then live, by reading `global_position > checkpoint`. Safe only because positions
 * become visible in commit order without gaps (log_head lock). Handles one event at a time and
 * saves the checkpoint after each; a handler error stops here, so the event is never skipped.
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
  let stopped = false;

  const run = async (): Promise<void> => {
    let current: RecordedEvent | undefined;
    try {
      position = (await checkpoints.load(options.subscriptionId)) ?? position;
      let reportedAt: bigint | undefined;
      while (!stopped) {
        const batch = await store.readAll({ after: position, maxCount: BATCH });
        for (const event of batch) {
          if (stopped) return;
          current = event;
          await options.handle(event);
          await checkpoints.save(options.subscriptionId, event.globalPosition);
          position = event.globalPosition;
          current = undefined;
        }
        if (batch.length < BATCH && !stopped) {
          if (reportedAt !== position) {
            reportedAt = position;
            options.onCaughtUp?.(position);
          }
          await notifier.wait(idleWaitMs, position);
        }
      }
    } catch (error) {
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
