import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { encodeEvent } from '../../libs/federation/src/cloudevents/index.js';
import { Relay } from '../../libs/federation/src/relay/index.js';
import { agreementEvents as ev, appendAs, openTestNodeStore } from '../../libs/federation/src/testing/index.js';
import { createThreadPublisher } from '../../libs/federation/src/transport/index.js';
import { epochNow } from './epoch-clock.js';
import { fireAtRate } from './open-loop.js';

/**
 * The origin node of bench/federation-latency.ts in a thread of its own, as a node is a process of
 * its own: its appends, relay and PGlite do not queue behind the recipient's work on one event
 * loop. Times go back as epoch ms (timeOrigin + now), comparable across threads.
 */
export interface OriginWorkerData {
  readonly nodeId: string;
  readonly privateKeyPem: string;
  readonly brokers: readonly string[];
  readonly recipient: string;
  readonly agreements: number;
}

export type OriginRequest = { readonly kind: 'load'; readonly count: number; readonly perSecond: number } | { readonly kind: 'stop' };

export type OriginReport =
  | { readonly kind: 'ready'; readonly sample: { key: string; value: Uint8Array; headers: Record<string, string> } }
  | { readonly kind: 'loaded'; readonly appended: readonly (readonly [eventId: string, epochMs: number])[] }
  | { readonly kind: 'stopped' };

const data = workerData as OriginWorkerData;
const port = parentPort!;
const privateKey = createPrivateKey(data.privateKeyPem);
const publicKey = createPublicKey(privateKey);
const identity = { nodeId: data.nodeId, privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
const { store, sql } = await openTestNodeStore(identity);
// The publisher as nodes run it: kafkajs on a thread of its own (here, a worker of this worker).
const publisher = await createThreadPublisher({ brokers: data.brokers, clientId: `ketnoi-${data.nodeId}`, log: () => undefined }, { createTopics: false });
const relay = new Relay({ store, sql, nodeId: data.nodeId, publisher, log: () => undefined });
relay.start();

const streams = Array.from({ length: data.agreements }, () => `agreement-${randomUUID()}`);
for (const s of streams) await appendAs(store, data.nodeId, s, [ev.drafted(s.slice(10), data.nodeId, [data.nodeId, data.recipient])]);
const [note] = await appendAs(store, data.nodeId, streams[0]!, [ev.note('progress report 0')]);
const sample = encodeEvent(note!, { sourceNode: data.nodeId });
port.postMessage({ kind: 'ready', sample: { ...sample, headers: { ...sample.headers } } } satisfies OriginReport);

port.on('message', (request: OriginRequest) => {
  void (async () => {
    if (request.kind === 'stop') {
      await relay.stop();
      await publisher.close();
      await store.close();
      await sql.close();
      port.postMessage({ kind: 'stopped' } satisfies OriginReport);
      return;
    }
    const appended: [string, number][] = [];
    // One append at a time per stream, as a command handler does it (concurrent writers to one
    // stream race for the revision, and the store retries only a few times); streams in parallel.
    const tails = new Map<string, Promise<unknown>>();
    await fireAtRate(request.count, request.perSecond, (i) => {
      const stream = streams[i % streams.length]!;
      const append = (tails.get(stream) ?? Promise.resolve()).then(async () => {
        const [e] = await appendAs(store, data.nodeId, stream, [ev.note(`progress report ${i}`)]);
        appended.push([e!.eventId, epochNow()]);
      });
      tails.set(stream, append);
      return append;
    });
    port.postMessage({ kind: 'loaded', appended } satisfies OriginReport);
  })();
});
