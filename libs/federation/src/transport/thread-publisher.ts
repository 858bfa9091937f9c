import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KafkaConnectionOptions, KafkaPublisherOptions } from './kafkajs-transport.js';
import {
  errorOf,
  type PublisherThreadData,
  type PublisherThreadReply,
  type PublisherThreadRequest,
} from './publisher-thread-protocol.js';
import type { Publisher } from './transport.js';

/** Longest `close` waits for the thread to disconnect its producer before ending it. */
const CLOSE_TIMEOUT_MS = 10_000;

type Request =
  | Omit<Extract<PublisherThreadRequest, { kind: 'publish' }>, 'id'>
  | Omit<Extract<PublisherThreadRequest, { kind: 'ensureTopics' }>, 'id'>;

interface PublisherThread {
  readonly worker: Worker;
  request(body: Request): Promise<void>;
  /** Set once the thread is gone; every call after that rejects with it. */
  ended(): Error | undefined;
}

/**
 * The kafkajs publisher on a worker thread of its own. kafkajs spends about 60 us of CPU on each
 * record it encodes; on the caller's thread that time is taken from the log reads, the encoding
 * of the next batch and the node's API. The contract is `Publisher`'s, unchanged: `publish`
 * resolves only once every broker acknowledged. A thread that dies (out of memory, a bug) fails
 * the calls in flight, which the relay resends, and the next call starts a new thread.
 */
export async function createThreadPublisher(
  connection: KafkaConnectionOptions,
  options: KafkaPublisherOptions = {},
  script: URL = publisherThreadScript(),
): Promise<Publisher> {
  const { log = (line: string) => void process.stderr.write(`${line}\n`), ...cloneable } = connection;
  const data: PublisherThreadData = { connection: cloneable, publisher: options };
  let thread = startThread(script, data, log);
  await thread; // the first thread must start: a publisher that cannot is not returned
  let closed = false;
  // Topics the thread has ensured: the relay asks before every batch, and a round trip to the
  // thread for nothing would hold the batch back.
  const ensured = new Set<string>();
  const current = async (): Promise<PublisherThread> => {
    if (closed) throw new Error('federation publisher thread: closed');
    const before = thread;
    const running = await before.catch(() => undefined);
    if (running && !running.ended()) return running;
    // One new thread for all the calls that found this one gone (or a restart that failed).
    if (thread === before) thread = startThread(script, data, log);
    return thread;
  };
  return {
    async publish(messages) {
      if (messages.length > 0) await (await current()).request({ kind: 'publish', messages });
    },
    async ensureTopics(topics) {
      const missing = topics.filter((t) => !ensured.has(t));
      if (missing.length === 0) return;
      await (await current()).request({ kind: 'ensureTopics', topics: missing });
      for (const t of missing) ensured.add(t);
    },
    async close() {
      if (closed) return;
      closed = true;
      const running = await thread.catch(() => undefined);
      if (!running || running.ended()) return;
      const { worker } = running;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage({ kind: 'close' } satisfies PublisherThreadRequest);
      const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

function startThread(script: URL, data: PublisherThreadData, log: (line: string) => void): Promise<PublisherThread> {
  const worker = new Worker(script, { workerData: data });
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let ended: Error | undefined;
  return new Promise((resolve, reject) => {
    const end = (error: Error) => {
      ended ??= error;
      reject(ended); // no-op once ready
      for (const call of pending.values()) call.reject(ended);
      pending.clear();
    };
    worker.on('message', (reply: PublisherThreadReply) => {
      if (reply.kind === 'log') log(reply.line);
      else if (reply.kind === 'ready') resolve(thread);
      else if (reply.kind === 'failed') {
        end(errorOf(reply.error));
        void worker.terminate();
      } else {
        const call = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.error) call?.reject(errorOf(reply.error));
        else call?.resolve();
      }
    });
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`federation publisher thread: exited (code ${code})`)));
    const thread: PublisherThread = {
      worker,
      ended: () => ended,
      request(body) {
        if (ended) return Promise.reject(ended);
        const id = nextId++;
        return new Promise<void>((resolveCall, rejectCall) => {
          pending.set(id, { resolve: resolveCall, reject: rejectCall });
          worker.postMessage({ ...body, id } satisfies PublisherThreadRequest);
        });
      },
    };
  });
}

/**
 * The worker's script: next to this module once compiled; when this module runs from the
 * TypeScript sources (jest), the compiled twin under `dist/` (`npm test` builds first).
 */
export function publisherThreadScript(): URL {
  const beside = new URL('./publisher-thread.js', import.meta.url);
  if (existsSync(beside)) return beside;
  const twin = new URL(beside.href.replace(/\/libs\/federation\/src\//, '/dist/libs/federation/src/'));
  if (twin.href !== beside.href && existsSync(twin)) return twin;
  throw new Error(`federation publisher thread: ${fileURLToPath(beside)} not found (build with \`npm run build\`)`);
}
