import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, exited, ROOT } from './hub-process.js';

/** What `npm start` builds from and runs with. */
const CHECKOUT = ['apps', 'libs', 'bench', 'test', 'scripts', 'proto', 'bin'];
const CHECKOUT_FILES = ['package.json', 'package-lock.json', 'nest-cli.json', 'tsconfig.json', '.swcrc'];

/**
 * A copy of this checkout's sources in a temp dir, with this checkout's installed packages linked
 * one by one (its own node_modules/.cache, so its PGlite template is its own): tests that build,
 * edit sources and start hubs there leave the shared checkout and its dist/ alone.
 */
export function sandboxCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), 'ketnoi-checkout-'));
  for (const path of [...CHECKOUT, ...CHECKOUT_FILES]) {
    cpSync(join(ROOT, path), join(root, path), {
      recursive: true,
      filter: (source) => !source.includes('/node_modules/'),
    });
  }
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '.cache') symlinkSync(join(ROOT, 'node_modules', name), join(root, 'node_modules', name));
  }
  return root;
}

export interface NpmStarted {
  readonly url: string;
  /** Everything npm, the build and the hub wrote to stderr so far. */
  readonly stderr: () => string;
  /** Kills npm and the hub it runs, and resolves once npm exited. */
  stop(): Promise<void>;
}

/** `npm start` in `root`, resolved once the hub logged "ready". */
export function npmStart(
  root: string,
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<NpmStarted> {
  // Its own process group, so the stop reaches the hub npm runs below it.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await exited(child);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`npm start not ready within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const url = /ready: API (http:\/\/\S+?)\/v1/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stderr: () => stderr, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}
