import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startTestBroker, type TestBroker } from '../testing/index.js';
import { createKafka, createKafkaInboxConsumer } from './kafkajs-transport.js';
import { createThreadPublisher, publisherThreadScript } from './thread-publisher.js';
import type { InboxMessage, OutboundMessage, Publisher } from './transport.js';

// The publisher thread against the librdkafka test broker: what it sends is what a consumer reads,
// and its failures reach the caller as failures.
let broker: TestBroker;
let scratch: string;
const open: Publisher[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  scratch = mkdtempSync(join(tmpdir(), 'ketnoi-thread-publisher-'));
});
afterAll(async () => {
  for (const p of open) await p.close();
  await broker.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const connection = () => ({ brokers: broker.brokers, clientId: `test-${randomUUID()}`, log: () => undefined });
async function publisherOnBroker(script?: URL): Promise<Publisher> {
  const p = await createThreadPublisher(connection(), { createTopics: false }, script);
  open.push(p);
  return p;
}

const outbound = (topic: string, key: string, n: number): OutboundMessage => ({
  topic,
  message: { key, value: Buffer.from(JSON.stringify({ n, text: 'Huế – Nevers' })), headers: { ce_id: `id-${n}`, 'content-type': 'application/json' } },
});

async function readTopic(topic: string, count: number): Promise<InboxMessage[]> {
  const consumer = createKafkaInboxConsumer(createKafka({ ...connection(), log: () => undefined }), {
    topic,
    groupId: `test-${randomUUID()}`,
    maxWaitTimeMs: 100,
  });
  const read: InboxMessage[] = [];
  await consumer.start(async (messages) => void read.push(...messages));
  try {
    await eventually(`${count} messages on ${topic}`, () => read.length >= count);
    return read;
  } finally {
    await consumer.stop();
  }
}

describe('thread publisher', () => {
  it('given messages for two topics, when published, then each topic holds its own, in order, bytes and headers unchanged', async () => {
    const publisher = await publisherOnBroker();
    const [a, b] = [`test.thread.${randomUUID()}`, `test.thread.${randomUUID()}`];
    const sent = [outbound(a, 'stream-1', 1), outbound(b, 'stream-2', 2), outbound(a, 'stream-1', 3)];

    await publisher.ensureTopics([a, b]);
    await publisher.publish(sent);

    const onA = await readTopic(a, 2);
    expect(onA.map((m) => [m.key?.toString(), m.value?.toString(), m.headers.ce_id?.toString()])).toEqual([
      ['stream-1', sent[0]!.message.value.toString(), 'id-1'],
      ['stream-1', sent[2]!.message.value.toString(), 'id-3'],
    ]);
    expect((await readTopic(b, 1)).map((m) => m.headers['content-type']?.toString())).toEqual(['application/json']);
  });

  it('given the broker refusing a produce request, when published, then the call rejects with kafkajs\' error, and the next one goes through', async () => {
    const publisher = await publisherOnBroker();
    const topic = `test.thread.${randomUUID()}`;
    await publisher.publish([outbound(topic, 'k', 0)]); // metadata known: the next request is a Produce
    await broker.pushRequestErrors(0, ['TOPIC_AUTHORIZATION_FAILED']);

    const refused = publisher.publish([outbound(topic, 'k', 1)]);

    await expect(refused).rejects.toMatchObject({ name: 'KafkaJSProtocolError', message: expect.stringMatching(/not authorized/i) });
    await publisher.publish([outbound(topic, 'k', 2)]);
    expect((await readTopic(topic, 2)).map((m) => m.headers.ce_id?.toString())).toEqual(['id-0', 'id-2']);
  });

  it('given the thread dies mid-publish, then that call rejects and the next calls run on one new thread', async () => {
    // A thread that exits on its first publish, leaving a mark; started again, it is the real one.
    // Each start adds a line to `starts`.
    const mark = join(scratch, 'died');
    const starts = join(scratch, 'starts');
    const script = join(scratch, 'dies-once.mjs');
    writeFileSync(
      script,
      `import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
       import { parentPort } from 'node:worker_threads';
       appendFileSync(${JSON.stringify(starts)}, 'started\\n');
       if (existsSync(${JSON.stringify(mark)})) await import(${JSON.stringify(publisherThreadScript().href)});
       else {
         parentPort.on('message', (m) => { if (m.kind === 'publish') { writeFileSync(${JSON.stringify(mark)}, ''); process.exit(3); } });
         parentPort.postMessage({ kind: 'ready' });
       }`,
    );
    const publisher = await publisherOnBroker(pathToFileURL(script));
    const topic = `test.thread.${randomUUID()}`;

    await expect(publisher.publish([outbound(topic, 'k', 1)])).rejects.toThrow('federation publisher thread: exited (code 3)');
    await Promise.all([publisher.publish([outbound(topic, 'k', 2)]), publisher.publish([outbound(topic, 'k', 3)])]);

    expect((await readTopic(topic, 2)).map((m) => m.headers.ce_id?.toString()).sort()).toEqual(['id-2', 'id-3']);
    expect(readFileSync(starts, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('given no broker at the address, then starting fails with the connection error of kafkajs', async () => {
    const start = createThreadPublisher({ brokers: ['127.0.0.1:1'], clientId: 'nowhere', log: () => undefined }, { createTopics: false });

    await expect(start).rejects.toMatchObject({ name: expect.stringMatching(/^KafkaJS/) });
  });

  it('given a closed publisher, when asked to publish, then it refuses', async () => {
    const publisher = await createThreadPublisher(connection(), { createTopics: false });

    await publisher.close();

    await expect(publisher.publish([outbound('test.thread.closed', 'k', 1)])).rejects.toThrow('federation publisher thread: closed');
    await publisher.close(); // twice is fine
  });
});
