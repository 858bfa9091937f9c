import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, from test/hub/. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HUB_MAIN = `${ROOT}dist/apps/hub/src/main.js`;
/** The built entry of a standalone service of a node (apps/agreements, apps/projections, apps/federation). */
export const serviceMain = (app: 'agreements' | 'projections' | 'federation'): string => `${ROOT}dist/apps/${app}/src/main.js`;
export const KETNOI_BIN = `${ROOT}bin/ketnoi.js`;

/** `npm test` builds first; a targeted run on a fresh checkout builds here once. */
export function ensureBuilt(): void {
  if (!existsSync(HUB_MAIN)) execFileSync('npx', ['nest', 'build', 'hub'], { cwd: ROOT, stdio: 'inherit' });
}

export interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the hub wrote to stdout so far (JSON log lines). */
  readonly stdout: () => string;
  /** Everything the hub wrote to stderr so far. */
  readonly stderr: () => string;
}

/** Environment for a child: the test runner's own variables minus the hub's, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of [
    'PORT',
    'HOST',
    'GRPC_PORT',
    'KETNOI_NODE_ID',
    'KETNOI_DATA_DIR',
    'DATABASE_URL',
    'DATABASE_SCHEMA',
    'KURRENTDB_CONNECTION_STRING',
    'KAFKA_BROKERS',
    'KETNOI_TRUST_REGISTRY',
    'LOG_LEVEL',
    'NODE_OPTIONS',
  ]) {
    delete base[name];
  }
  return { ...base, ...env };
}

/**
 * Starts the built hub (or `main`, a standalone service: same ready line) as a real process and
 * resolves with its URL once it logged "ready".
 */
export function startHubProcess(env: Record<string, string>, timeoutMs = 60_000, main = HUB_MAIN): Promise<HubProcess> {
  const name = main === HUB_MAIN ? 'hub' : main.split('/').at(-3);
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} not ready within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      const url = /ready: API (http:\/\/\S+?)\/v1/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stdout: () => stdout, stderr: () => stderr });
      }
    });
    child.stderr!.on('data', (chunk: string) => (stderr += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

/** Resolves when the process has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a node script to completion. */
export function runNode(args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<RunResult> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
