import { Worker } from 'node:worker_threads';
import type { EncodedKafkaMessage } from '../../libs/federation/src/cloudevents/index.js';
import type { TestIdentity } from '../../libs/federation/src/testing/index.js';
import type { OriginReport, OriginRequest, OriginWorkerData } from './origin-worker.js';

/** The main thread's handle on origin-worker.ts. */
export interface OriginThread {
  /** The warm-up note as the relay encoded it: the baseline sends messages of this size. */
  readonly sample: EncodedKafkaMessage;
  /** Appends `count` notes at `perSecond`; resolves with each one's event id and epoch ms when its append returned. */
  load(count: number, perSecond: number): Promise<readonly (readonly [string, number])[]>;
  stop(): Promise<void>;
}

/** Starts the origin (store, relay, `agreements` drafts with `recipient` as party) in a worker thread. */
export async function startOriginThread(identity: TestIdentity, brokers: readonly string[], recipient: string, agreements: number): Promise<OriginThread> {
  const data: OriginWorkerData = {
    nodeId: identity.nodeId,
    privateKeyPem: identity.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    brokers,
    recipient,
    agreements,
  };
  const worker = new Worker(new URL('./origin-worker.js', import.meta.url), { workerData: data });
  const next = <K extends OriginReport['kind']>(kind: K) =>
    new Promise<Extract<OriginReport, { kind: K }>>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      worker.once('error', onError);
      worker.once('message', (report: OriginReport) => {
        worker.off('error', onError);
        if (report.kind === kind) resolve(report as Extract<OriginReport, { kind: K }>);
        else reject(new Error(`origin thread: expected ${kind}, got ${report.kind}`));
      });
    });
  const send = (request: OriginRequest) => worker.postMessage(request);
  const { sample } = await next('ready');
  return {
    sample: { key: sample.key, value: Buffer.from(sample.value), headers: sample.headers },
    async load(count, perSecond) {
      const loaded = next('loaded');
      send({ kind: 'load', count, perSecond });
      return (await loaded).appended;
    },
    async stop() {
      const stopped = next('stopped');
      send({ kind: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
