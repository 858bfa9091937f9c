import { spawn, type ChildProcess } from 'node:child_process';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken } from '@ketnoi/platform';
import { childEnv, ensureBuilt, exited, HUB_MAIN, ROOT } from '../../hub/hub-process.js';

/** A city node is the real hub (`dist/apps/hub/src/main.js`) with KAFKA_BROKERS set. */
export const NODE_MAIN = HUB_MAIN;

export function ensureNodeBuilt(): void {
  ensureBuilt();
}

/** One city node in its own process; restartable on the same data dir. */
export class CityNode {
  child: ChildProcess | undefined;
  url = '';
  private out = '';
  private err = '';

  constructor(
    readonly nodeId: string,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  private authorization = '';

  get logs(): string {
    return `--- ${this.nodeId} stdout\n${this.out.slice(-4000)}\n--- ${this.nodeId} stderr\n${this.err.slice(-4000)}`;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const child = spawn(process.execPath, [NODE_MAIN], {
      cwd: ROOT,
      env: childEnv({
        ...this.env,
        KETNOI_NODE_ID: this.nodeId,
        KETNOI_DATA_DIR: this.dataDir,
        HOST: '127.0.0.1',
        PORT: '0',
        GRPC_PORT: '0',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (this.err += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${this.nodeId} not ready within ${timeoutMs} ms\n${this.logs}`));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${this.nodeId} exited with ${code}\n${this.logs}`));
      };
      child.once('exit', onExit);
      child.stdout!.on('data', (chunk: string) => {
        this.out += chunk;
        const url = /ready: API (http:\/\/\S+?)\/v1/.exec(this.out)?.[1];
        if (url && !this.url.startsWith(url)) {
          this.url = url;
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve();
        }
      });
    });
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed (a crash). */
  async kill9(): Promise<void> {
    const child = this.child;
    this.url = '';
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.out = '';
  }

  /** SIGTERM: the clean stop (PGlite flushes its data dir). */
  async stop(): Promise<void> {
    const child = this.child;
    this.url = '';
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited(child);
    clearTimeout(timer);
    this.out = '';
  }

  // The answers are whatever the API returns; each test reads the fields it asserts on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
    // The node's admin, with a token signed by the node's own key (made by `ketnoi keys generate`).
    this.authorization ||= `Bearer ${await mintToken({ role: 'admin', node: this.nodeId }, (await loadNodeKey(this.dataDir)).privateKey)}`;
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: this.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async command(path: string, body: unknown): Promise<any> {
    const { status, body: answer } = await this.request('POST', path, body);
    if (status >= 300) throw new Error(`${this.nodeId} POST ${path} -> ${status} ${JSON.stringify(answer)}`);
    return answer;
  }
}

/** Polls until `probe` resolves truthy; fails with `what` and the last value after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
