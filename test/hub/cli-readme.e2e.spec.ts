import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../apps/audit/src/cli/program.js';
import { childEnv, ensureBuilt, exited, KETNOI_BIN, ROOT, type HubProcess, type RunResult } from './hub-process.js';

/**
 * The README's CLI table, run as written: every command in it, with its placeholders filled in,
 * against a running node and then the same node stopped, from the hub's own environment (no
 * --url, no token: PORT=0, so only the data dir's hub.lock says where the hub listens).
 */

/** Each backquoted `ketnoi ...` of the table's first column, in table order. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**CLI**'), readme.indexOf('**Federation**'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `ketnoi '))
    .flatMap((line) => [...line.split(/(?<!\\)\|/)[1]!.matchAll(/`(ketnoi [^`]+)`/g)].map((m) => m[1]!.replace(/\\\|/g, '|')));
}

/** The command's words up to its first option or placeholder: `audit export`, `keys show`. */
const pathOf = (command: string): string =>
  command
    .split(' ')
    .slice(1)
    .filter((_, i, words) => words.slice(0, i + 1).every((w) => /^[a-z]+$/.test(w)))
    .join(' ');

function subcommand(program: Command, path: string): Command | undefined {
  let at: Command | undefined = program;
  for (const word of path.split(' ')) at = at?.commands.find((c) => c.name() === word);
  return at;
}

function leafPaths(command: Command, prefix = ''): string[] {
  return command.commands.flatMap((c) =>
    c.commands.length > 0 ? leafPaths(c, `${prefix}${c.name()} `) : c.name() === 'help' ? [] : [`${prefix}${c.name()}`],
  );
}

interface Context {
  readonly dataDir: string;
  readonly work: string;
  stream?: string;
  lastOut?: string;
  runs: number;
}

/** What each placeholder of the table stands for (a literal such as `1h` or `jsonl|csv` is taken as written, its first choice). */
const PLACEHOLDERS: Record<string, (ctx: Context) => string> = {
  '--data-dir D': (ctx) => ctx.dataDir,
  '--role R': () => 'admin',
  '--node N': () => 'vn-hue',
  '--sub S': () => 'readme@vn-hue',
  '--stream S': (ctx) => ctx.stream ?? 'agreement-00000000-0000-0000-0000-000000000000',
  '--as-of T': () => today(),
  '--from T1': () => today(),
  '--to T2': () => today(),
  '--out F': (ctx) => (ctx.lastOut = join(ctx.work, `out-${ctx.runs++}`)),
  name: () => 'partnership-status',
  '<id>': () => '1',
  FILE: (ctx) => ctx.lastOut!,
};

const today = () => new Date().toISOString().slice(0, 10);

/** The argv of a table entry with its placeholders filled in; optional parts are given too. */
function argvOf(command: string, ctx: Context): string[] {
  const words = command.replace(/[[\]]/g, '').split(' ').slice(1);
  const argv: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (word.startsWith('--') && next !== undefined && !next.startsWith('--')) {
      const fill = PLACEHOLDERS[`${word} ${next}`];
      argv.push(word, fill ? fill(ctx) : next.split('|')[0]!);
      i++;
    } else argv.push(PLACEHOLDERS[word]?.(ctx) ?? word);
  }
  return argv;
}

interface Outcome {
  readonly code: number;
  /** Matched against stdout followed by stderr (lookaheads where both say something). */
  readonly says: RegExp;
  readonly then?: (ctx: Context, result: RunResult) => void;
}

const notRunning = { code: 1, says: /no running node: .*hub\.lock names none and PORT=0 names no port; start it \(`ketnoi start`\)/ };
const outFile = (ctx: Context) => readFileSync(ctx.lastOut!, 'utf8');

/** For every command of the table: what it does on the running node, and on the stopped one. */
const EXPECTED: Record<string, { running: Outcome; stopped: Outcome }> = {
  start: {
    running: { code: 1, says: /the data dir .* is in use by hub pid \d+/ },
    stopped: { code: 0, says: /ready: API/ }, // the start of the running node itself
  },
  demo: {
    running: {
      code: 0,
      says: /^demo: node vn-hue at http:\/\/127\.0\.0\.1:\d+ is home of \d+ demo agreements/m,
      then: (ctx, r) => (ctx.stream = `agreement-${/^created +([0-9a-f-]{36})/m.exec(r.stdout)![1]}`),
    },
    stopped: notRunning,
  },
  token: {
    running: { code: 0, says: /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/ },
    stopped: { code: 0, says: /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/ },
  },
  'keys show': {
    running: { code: 0, says: /-----BEGIN PUBLIC KEY-----/ },
    stopped: { code: 0, says: /-----BEGIN PUBLIC KEY-----/ },
  },
  'keys generate': {
    running: { code: 1, says: /keys generate: the data dir .* is in use by hub pid \d+.*; stop it first/ },
    stopped: { code: 0, says: /^(?=[^]*keys: wrote .*node\.key \(mode 0600\))[^]*-----BEGIN PUBLIC KEY-----/ },
  },
  'audit verify': {
    // The table gives --json: the report as JSON.
    running: { code: 0, says: /^(?=[^]*working through its API)[^]*"events": [1-9]\d*,[^]*"breaks": \[\]/ },
    stopped: { code: 0, says: /"events": [1-9]\d*,[^]*"breaks": \[\]/ },
  },
  'audit replay': {
    // --as-of today's date: the end of the day, so the agreement as the demo left it.
    running: { code: 0, says: /"asOf": "\d{4}-\d{2}-\d{2}T23:59:59\.999Z"[^]*"status": "(ACTIVE|SIGNED|PROPOSED|DRAFT)"/ },
    stopped: { code: 0, says: /"asOf": "\d{4}-\d{2}-\d{2}T23:59:59\.999Z"[^]*"status": "(ACTIVE|SIGNED|PROPOSED|DRAFT)"/ },
  },
  'audit export': {
    // --from and --to of today's date: the whole day, so every event the demo recorded.
    running: { code: 0, says: /working through its API/, then: (ctx) => expect(outFile(ctx).trim().split('\n').length).toBeGreaterThan(5) },
    stopped: { code: 0, says: /^$/, then: (ctx) => expect(outFile(ctx).trim().split('\n').length).toBeGreaterThan(5) },
  },
  'projections rebuild': {
    running: { code: 0, says: /partnership-status: \d+ events to position \d+, identical to the live rows/ },
    stopped: { code: 0, says: /partnership-status: \d+ events to position \d+, identical to the live rows/ },
  },
  'quarantine list': {
    running: { code: 1, says: /quarantine list: federation is off on this node \(it was started without KAFKA_BROKERS\)/ },
    stopped: { code: 0, says: /"items": \[\],[^]*"note": "federation has never run on this node/ },
  },
  'quarantine retry': {
    running: { code: 1, says: /quarantine retry: federation is off on this node/ },
    stopped: { code: 1, says: /quarantine retry: no quarantined message 1: federation has never run on this node/ },
  },
  'export iati': {
    running: { code: 0, says: /working through its API/, then: (ctx) => expect(outFile(ctx)).toContain('<iati-activity ') },
    stopped: { code: 0, says: /^$/, then: (ctx) => expect(outFile(ctx)).toContain('<iati-activity ') },
  },
  'import iati': {
    running: { code: 0, says: /^import iati: \d+ activities: /m },
    stopped: notRunning,
  },
};

/** The running node and the stopped one must keep their key to the end: key generation goes last. */
const inRunOrder = (commands: string[]) => [...commands.filter((c) => pathOf(c) !== 'keys generate'), ...commands.filter((c) => pathOf(c) === 'keys generate')];

function ketnoi(argv: string[], env: Record<string, string>): Promise<RunResult> {
  const child = spawn(process.execPath, [KETNOI_BIN, ...argv], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** `ketnoi start` as the table writes it, resolved once the hub says it is ready. */
function startAsWritten(argv: string[], env: Record<string, string>): Promise<HubProcess> {
  const child = spawn(process.execPath, [KETNOI_BIN, ...argv], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /ready: API (http:\/\/\S+?)\/v1/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stdout: () => stdout, stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`ketnoi start exited with ${code}\nstdout: ${stdout}\nstderr: ${stderr}`)));
  });
}

describe("the README's CLI table", () => {
  const commands = readmeCommands();
  let ctx: Context;
  let env: Record<string, string>;
  let hub: HubProcess | undefined;

  beforeAll(async () => {
    ensureBuilt();
    const work = await mkdtemp(join(tmpdir(), 'ketnoi-cli-readme-'));
    ctx = { dataDir: join(work, 'node'), work, runs: 0 };
    env = { KETNOI_DATA_DIR: ctx.dataDir, PORT: '0', GRPC_PORT: '0' };
  });
  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    if (hub) await exited(hub.child);
    await rm(ctx.work, { recursive: true, force: true });
  });

  /** Runs each command as written and checks it did what EXPECTED says for the node's state. */
  async function runEach(list: string[], state: 'running' | 'stopped'): Promise<void> {
    for (const command of list) {
      const expected = EXPECTED[pathOf(command)]![state];
      const result = await ketnoi(argvOf(command, ctx), env);
      expect({ command, code: result.code, says: `${result.stdout}${result.stderr}` }).toEqual({
        command,
        code: expected.code,
        says: expect.stringMatching(expected.says),
      });
      expected.then?.(ctx, result);
    }
  }

  it('given the program, then the table names every command, each option it writes exists, and every command has an expectation here', () => {
    const program = buildProgram();
    expect(commands.length).toBeGreaterThan(10);
    expect(new Set(commands.map(pathOf))).toEqual(new Set(leafPaths(program)));
    expect(new Set(Object.keys(EXPECTED))).toEqual(new Set(commands.map(pathOf)));
    for (const command of commands) {
      const options = subcommand(program, pathOf(command))!.options.map((o) => o.long);
      for (const flag of command.match(/--[a-z-]+/g) ?? []) expect({ command, flag, exists: options.includes(flag) }).toEqual({ command, flag, exists: true });
    }
  });

  it('given a stopped node, when `ketnoi start` runs as written in its environment, then it serves and its hub.lock names its URL', async () => {
    const start = commands.find((c) => pathOf(c) === 'start')!;
    hub = await startAsWritten(argvOf(start, ctx), env);
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(readFileSync(join(ctx.dataDir, 'hub.lock'), 'utf8')).url).toBe(hub.url);
  });

  it('given the running node, when every command runs as written from the hub\'s environment, then each does what the table says', async () => {
    await runEach(inRunOrder(commands), 'running');
  });

  it('given the node stopped, when every command runs as written, then each works on the data dir or says to start the node', async () => {
    hub!.child.kill('SIGTERM');
    await exited(hub!.child);
    expect(existsSync(join(ctx.dataDir, 'hub.lock'))).toBe(false);
    await runEach(inRunOrder(commands).filter((c) => pathOf(c) !== 'start'), 'stopped');
  });
});
