import { parentPort, workerData } from 'node:worker_threads';
import { createKafka, createKafkaPublisher } from './kafkajs-transport.js';
import { threadErrorOf, type PublisherThreadData, type PublisherThreadReply, type PublisherThreadRequest } from './publisher-thread-protocol.js';
import type { OutboundMessage } from './transport.js';

// Worker entry of `createThreadPublisher`: kafkajs' producer spends tens of microseconds of CPU
// encoding each record, so it gets a thread of its own instead of sharing the caller's with the
// log reads, the encoding of the next batch and the node's API.

if (!parentPort) throw new Error('publisher-thread.js runs as a worker thread of createThreadPublisher');
const port = parentPort;
const { connection, publisher: options } = workerData as PublisherThreadData;
const reply = (message: PublisherThreadReply) => port.postMessage(message);

// A Buffer crosses postMessage as a plain Uint8Array; kafkajs encodes only a Buffer as bytes.
const withBufferValues = (messages: readonly OutboundMessage[]): OutboundMessage[] =>
  messages.map(({ topic, message: { key, value, headers } }) => ({
    topic,
    message: { key, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength), headers },
  }));

try {
  const publisher = await createKafkaPublisher(
    createKafka({ ...connection, log: (line) => reply({ kind: 'log', line }) }),
    options,
  );
  port.on('message', (request: PublisherThreadRequest) => {
    if (request.kind === 'close') {
      void publisher.close().finally(() => port.close());
      return;
    }
    const work =
      request.kind === 'publish'
        ? publisher.publish(withBufferValues(request.messages))
        : publisher.ensureTopics(request.topics);
    work.then(
      () => reply({ kind: 'done', id: request.id }),
      (error: unknown) => reply({ kind: 'done', id: request.id, error: threadErrorOf(error) }),
    );
  });
  reply({ kind: 'ready' });
} catch (error) {
  reply({ kind: 'failed', error: threadErrorOf(error) });
}
