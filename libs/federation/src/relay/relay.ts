import { idleWaitMs, type EventStore, type RecordedEvent, type SqlClient } from '@ketnoi/event-store';
import { encodeEvent } from '../cloudevents/index.js';
import type { FederationMetrics } from '../metrics/federation-metrics.js';
import { inboxTopicFor } from '../topics.js';
import type { OutboundMessage, Publisher } from '../transport/transport.js';
import { Recipients } from './recipients.js';

interface PreparedBatch {
  readonly messages: OutboundMessage[];
  readonly counts: ReadonlyMap<string, number>;
  /** Global position of the batch's last log event: the checkpoint once it is acknowledged. */
  readonly last: bigint;
  /** Log events covered. */
  readonly size: number;
}

/** A batch handed to the publisher, and the promise of its acknowledgement. */
interface BatchInFlight {
  readonly batch: PreparedBatch;
  readonly sent: Promise<void>;
}

export interface RelayOptions {
  readonly store: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition' | 'waitForAppend' | 'seesEveryAppend'>;
  readonly sql: SqlClient;
  readonly nodeId: string;
  readonly publisher: Publisher;
  /** See `RecipientsOptions.isPeer`. @defaultValue every node */
  readonly isPeer?: (nodeId: string) => boolean;
  /** Events of the local log read per batch. @defaultValue 200 */
  readonly batchSize?: number;
  /** How often an idle relay looks for new events, where the store cannot tell it of each append. @defaultValue 50 */
  readonly pollIntervalMs?: number;
  /** Upper bound of the back-off after a failed batch. @defaultValue 2000 */
  readonly maxBackoffMs?: number;
  /** Checkpoint name. @defaultValue `relay` */
  readonly relayId?: string;
  readonly metrics?: FederationMetrics;
  readonly log?: (line: string) => void;
}

/**
 * Outbound half of the federation: reads the node's global log after its own checkpoint, sends
 * each event to the inboxes of its recipients (key = streamId, so each stream stays in order on
 * its partition), one `sendBatch` per batch with acks=all, and moves the checkpoint only after the
 * broker acknowledged. A crash between the ack and the checkpoint resends that batch: at least
 * once, never a skip; the inbound dedupes by eventId.
 */
export class Relay {
  private readonly recipients: Recipients;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly relayId: string;
  private readonly log: (line: string) => void;
  private position: bigint | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: RelayOptions) {
    this.recipients = new Recipients({
      store: options.store,
      nodeId: options.nodeId,
      ...(options.isPeer ? { isPeer: options.isPeer } : {}),
    });
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.relayId = options.relayId ?? 'relay';
    this.log = options.log ?? ((line) => void process.stderr.write(`${line}\n`));
  }

  /** The last position published and checkpointed. */
  async checkpoint(): Promise<bigint> {
    const { rows } = await this.options.sql.query<{ position: bigint }>(
      'select position from federation_relay_checkpoints where relay_id = $1',
      [this.relayId],
    );
    return rows[0] ? BigInt(rows[0].position) : 0n;
  }

  /** The checkpoint as this relay last saved it (undefined before its first batch); no query. */
  published(): bigint | undefined {
    return this.position;
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Finishes the batch in flight (or abandons it unacknowledged, to be resent), then returns. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  /** Reads the log after `after` and encodes what each recipient must get, in log order. */
  private async prepare(after: bigint): Promise<PreparedBatch | undefined> {
    const events = await this.options.store.readAll({ after, maxCount: this.batchSize });
    if (events.length === 0) return undefined;
    const messages: OutboundMessage[] = [];
    const counts = new Map<string, number>();
    // An event goes to several inboxes (and again in a backfill): encode it once per batch.
    const encoded = new Map<string, OutboundMessage['message']>();
    const encode = (e: RecordedEvent) => {
      let message = encoded.get(e.eventId);
      if (!message) encoded.set(e.eventId, (message = encodeEvent(e, { sourceNode: this.options.nodeId })));
      return message;
    };
    for (const event of events) {
      for (const { recipient, events: toSend } of await this.recipients.of(event)) {
        const topic = inboxTopicFor(recipient);
        for (const e of toSend) messages.push({ topic, message: encode(e) });
        counts.set(recipient, (counts.get(recipient) ?? 0) + toSend.length);
      }
    }
    return { messages, counts, last: events[events.length - 1]!.globalPosition, size: events.length };
  }

  /** Publishes a prepared batch; resolves once the broker acknowledged all of it. */
  private async send(batch: PreparedBatch): Promise<void> {
    if (batch.messages.length === 0) return;
    await this.options.publisher.ensureTopics([...new Set(batch.messages.map((m) => m.topic))]);
    await this.options.publisher.publish(batch.messages);
  }

  /** Moves the checkpoint past an acknowledged batch. */
  private async advance(batch: PreparedBatch): Promise<void> {
    await this.options.sql.query(
      `insert into federation_relay_checkpoints (relay_id, position) values ($1, $2)
       on conflict (relay_id) do update set position = excluded.position`,
      [this.relayId, batch.last.toString()],
    );
    this.position = batch.last;
    const m = this.options.metrics;
    if (m) {
      for (const [recipient, n] of batch.counts) m.relayPublished.inc({ recipient }, n);
      m.relayPosition.set(Number(batch.last));
    }
  }

  private async loop(): Promise<void> {
    let backoff = 0;
    let sending: BatchInFlight | undefined;
    let prefetched: Promise<PreparedBatch | undefined> | undefined;
    while (!this.stopped) {
      try {
        this.position ??= await this.checkpoint();
        if (!sending) {
          const batch = await this.prepare(this.position);
          if (!batch) {
            // A local append ends the wait at once: a partner hears of it a poll interval sooner.
            // Where the store sees every append (PGlite) that notice is all an idle relay waits for.
            const waitMs = idleWaitMs(this.options.store, this.pollIntervalMs);
            void this.options.store.waitForAppend?.(waitMs, this.position).then(() => this.wake?.());
            await this.sleep(waitMs);
            continue;
          }
          sending = this.startSending(batch);
        }
        const { batch, sent } = sending;
        // Read and encode the next batch while the broker (or the publisher's thread) works on
        // this one, after the pending callbacks, so that this batch reaches the publisher before
        // the read holds this thread.
        if (batch.size === this.batchSize) prefetched = this.prepareSoon(batch.last);
        await sent;
        // Acknowledged: the next batch goes out before this one's checkpoint is written, so the
        // publisher does not wait on the write. A crash between the two sends both again.
        const next = prefetched && (await prefetched);
        prefetched = undefined;
        sending = next ? this.startSending(next) : undefined;
        await this.advance(batch);
        backoff = 0;
        if (this.options.metrics) {
          this.options.metrics.relayLag.set(Number((await this.options.store.headPosition()) - batch.last));
        }
      } catch (error) {
        // What was read ahead or is on its way follows a batch that did not go out, or whose
        // checkpoint was not written: let it settle, then resend from the checkpoint.
        await prefetched?.catch(() => undefined);
        await sending?.sent.catch(() => undefined);
        prefetched = undefined;
        sending = undefined;
        this.options.metrics?.relayFailures.inc();
        backoff = Math.min(Math.max(backoff * 2, 100), this.options.maxBackoffMs ?? 2000);
        if (!this.stopped)
          this.log(
            `federation relay: batch after position ${String(this.position ?? '?')} not published, retrying in ${backoff} ms: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
        await this.sleep(backoff);
      }
    }
    await prefetched?.catch(() => undefined);
    await sending?.sent.catch(() => undefined);
  }

  private startSending(batch: PreparedBatch): BatchInFlight {
    const sent = this.send(batch);
    // Awaited by the loop; this keeps a failure from counting as unhandled before that.
    sent.catch(() => undefined);
    return { batch, sent };
  }

  private prepareSoon(after: bigint): Promise<PreparedBatch | undefined> {
    const prepared = new Promise((resolve) => setImmediate(resolve)).then(() => this.prepare(after));
    prepared.catch(() => undefined);
    return prepared;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
