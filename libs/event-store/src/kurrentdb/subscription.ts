import { START, type Filter, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { CheckpointStore, RecordedEvent, SubscribeOptions, Subscription } from '../port/index.js';
import { fromKurrentEvent } from './envelope.js';

/**
 * Catch-up subscription to `$all` (server-side filtered to the node's streams). Events are handled
 * one at a time in position order; the checkpoint, kept beside the read models, is saved after
 * each handled event, so a restart resumes after the last event whose effects were committed.
 */
export function subscribeToKurrentAll(
  client: KurrentDBClient,
  filter: Filter,
  checkpoints: CheckpointStore,
  options: SubscribeOptions,
  onStopped: () => void,
): Subscription {
  if (!options.subscriptionId) throw new TypeError('subscriptionId: must be a non-empty string');
  let position = options.startAfter ?? 0n;
  let stopped = false;
  let stream: ReturnType<KurrentDBClient['subscribeToAll']> | undefined;

  const run = async (): Promise<void> => {
    let current: RecordedEvent | undefined;
    try {
      position = (await checkpoints.load(options.subscriptionId)) ?? position;
      if (stopped) return;
      const sub = client.subscribeToAll({
        // A subscription delivers events after the given position (exclusive), as the port wants.
        fromPosition: position === 0n ? START : { commit: position, prepare: position },
        filter,
      });
      stream = sub;
      let caughtUp = false;
      let busy = false;
      // `caughtUp` arrives while earlier events may still wait in the stream's buffer: report it
      // only once they are all handled.
      const reportIfCaughtUp = (): void => {
        if (caughtUp && !busy && sub.readableLength === 0) {
          caughtUp = false;
          options.onCaughtUp?.(position);
        }
      };
      sub.on('caughtUp', () => {
        caughtUp = true;
        reportIfCaughtUp();
      });
      for await (const resolved of sub) {
        if (stopped) break;
        if (!resolved.event) continue;
        busy = true;
        current = fromKurrentEvent(resolved);
        if (current.globalPosition > position) {
          await options.handle(current);
          await checkpoints.save(options.subscriptionId, current.globalPosition);
          position = current.globalPosition;
        }
        current = undefined;
        busy = false;
        reportIfCaughtUp();
      }
    } catch (error) {
      if (!stopped) options.onError?.(error, current);
    } finally {
      await stream?.unsubscribe().catch(() => undefined);
      onStopped();
    }
  };
  const done = run();

  return {
    subscriptionId: options.subscriptionId,
    position: () => position,
    async stop() {
      stopped = true;
      await stream?.unsubscribe().catch(() => undefined);
      await done;
    },
  };
}
