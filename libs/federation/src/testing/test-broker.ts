import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BINARY = join('test', 'kafka-broker', 'build', 'mock-cluster');

/** A running Kafka test broker: librdkafka's mock cluster (see docs/kafka-test-broker.md). */
export interface TestBroker {
  /** `host:port` of each broker; `brokers[i]` is broker id i + 1. */
  readonly brokers: readonly string[];
  /** Disconnects broker `brokers[i]` and refuses new connections. Leadership does not move. */
  down(i: number): Promise<void>;
  up(i: number): Promise<void>;
  /** Delays every response of broker `brokers[i]` by `ms`. */
  setRtt(i: number, ms: number): Promise<void>;
  /**
   * The next `errors.length` requests with this Kafka API key (0 = Produce, 1 = Fetch, ...) fail
   * with these error codes, in order: numbers or librdkafka names (`NOT_LEADER_FOR_PARTITION`,
   * `_TRANSPORT` to drop the connection).
   */
  pushRequestErrors(apiKey: number, errors: readonly (number | string)[]): Promise<void>;
  /** Forgets the injected errors still pending for this API key. */
  clearRequestErrors(apiKey: number): Promise<void>;
  /** Topics also auto-create (4 partitions, replication 3) on first metadata request. */
  createTopic(name: string, partitions: number, replicationFactor?: number): Promise<void>;
  /** Moves the leader of a partition to broker `brokers[i]`, or to none with -1. */
  setLeader(topic: string, partition: number, i: number): Promise<void>;
  stop(): Promise<void>;
}

export class TestBrokerError extends Error {
  override readonly name = 'TestBrokerError';
}

export interface StartTestBrokerOptions {
  /** @defaultValue 3 */
  readonly brokerCount?: number;
  /** Path of the compiled mock cluster. @defaultValue `$KETNOI_KAFKA_MOCK_CLUSTER`, else found from the repository root */
  readonly binary?: string;
}

/** Starts a mock Kafka cluster on 127.0.0.1, on ports chosen free by the OS. */
export async function startTestBroker(options: StartTestBrokerOptions = {}): Promise<TestBroker> {
  const brokerCount = options.brokerCount ?? 3;
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 32) {
    throw new TestBrokerError(`brokerCount must be an integer from 1 to 32, got ${brokerCount}`);
  }
  const binary = options.binary ?? process.env['KETNOI_KAFKA_MOCK_CLUSTER'] ?? findBinary();
  const child = spawn(binary, [String(brokerCount)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = new LineReader(child);
  const first = await lines.next();
  const brokers = first.split(',');
  if (brokers.length !== brokerCount || !brokers.every((b) => /^127\.0\.0\.1:\d+$/.test(b))) {
    child.kill();
    throw new TestBrokerError(`mock cluster printed an unexpected bootstrap list: ${first}`);
  }

  // One command at a time: answers come back in order, one line each.
  let queue: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const command = (line: string): Promise<void> => {
    if (stopping)
      return Promise.reject(new TestBrokerError(`mock cluster exited (stopped); cannot run "${line}"`));
    const run = queue.then(async () => {
      child.stdin.write(`${line}\n`);
      const answer = await lines.next();
      if (answer !== 'ok') throw new TestBrokerError(`mock cluster: "${line}" -> ${answer}`);
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const brokerId = (i: number): number => {
    if (i === -1) return -1;
    if (!Number.isInteger(i) || i < 0 || i >= brokerCount) {
      throw new TestBrokerError(`broker index must be 0..${brokerCount - 1} (or -1 for all), got ${i}`);
    }
    return i + 1;
  };
  const word = (name: string, value: string): string => {
    if (!/^[A-Za-z0-9._-]+$/.test(value))
      throw new TestBrokerError(`${name} must be a Kafka name, got ${JSON.stringify(value)}`);
    return value;
  };

  let stopped: Promise<void> | undefined;
  return {
    brokers,
    down: async (i) => command(`down ${brokerId(i)}`),
    up: async (i) => command(`up ${brokerId(i)}`),
    setRtt: async (i, ms) => command(`rtt ${brokerId(i)} ${Math.max(0, Math.round(ms))}`),
    pushRequestErrors: async (apiKey, errors) => {
      if (errors.length === 0) return;
      return command(`errors ${apiKey} ${errors.map((e) => word('error', String(e))).join(' ')}`);
    },
    clearRequestErrors: async (apiKey) => command(`clear ${apiKey}`),
    createTopic: async (name, partitions, replicationFactor = Math.min(3, brokerCount)) =>
      command(`topic ${word('topic', name)} ${partitions} ${replicationFactor}`),
    setLeader: async (topic, partition, i) =>
      command(`leader ${word('topic', topic)} ${partition} ${brokerId(i)}`),
    stop: () =>
      (stopped ??= (async () => {
        const quit = command('quit');
        stopping = true;
        await quit.catch(() => undefined); // it may already have exited; the exit is what we wait for
        await lines.stop();
      })()),
  };
}

class LineReader {
  private readonly buffered: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private ended: Error | undefined;
  private stderr = '';
  private readonly exited: Promise<void>;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    // A write after the process died fails with EPIPE; the exit handler below already reports why.
    child.stdin.on('error', () => undefined);
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.waiting) {
        this.waiting.resolve(line);
        this.waiting = undefined;
      } else this.buffered.push(line);
    });
    this.exited = new Promise((resolveExit) => {
      const end = (why: string) => {
        this.ended ??= new TestBrokerError(
          `mock cluster ${why}${this.stderr ? `: ${this.stderr.trim()}` : ''}`,
        );
        this.waiting?.reject(this.ended);
        this.waiting = undefined;
        resolveExit();
      };
      child.on('error', (error) =>
        end(`failed to start (${error.message}); run scripts/provision.d/10-kafka-test-broker.sh`),
      );
      child.on('exit', (code, signal) => end(`exited (${signal ?? code})`));
    });
  }

  next(): Promise<string> {
    const line = this.buffered.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Closes stdin (the program exits on EOF), then kills it if it has not gone within 5 s. */
  async stop(): Promise<void> {
    if (!this.ended) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

/** Walks up from this file to the repository root (works from src/ under Jest and from dist/). */
function findBinary(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, BINARY);
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) {
      throw new TestBrokerError(`${BINARY} not found; run scripts/provision.d/10-kafka-test-broker.sh`);
    }
    dir = parent;
  }
}
