import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { result, type BenchResult } from './result.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/ketnoi.js');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);

/**
 * Wall time of `ketnoi --help` and `ketnoi token` (each command loads its implementation on use,
 * so these two load commander and, for token, the key and jose) against `node -e 0` in the same
 * run, interleaved so a noisy neighbour slows all three alike. Median and spread (min-max).
 */
export async function run(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ketnoi-bench-cli-'));
  const env = { ...process.env, KETNOI_DATA_DIR: dataDir };
  execFileSync(process.execPath, [BIN, 'keys', 'generate'], { env, stdio: 'ignore' });
  const samples = { node: [] as number[], help: [] as number[], token: [] as number[] };
  try {
    for (let i = 0; i < RUNS; i++) {
      samples.node.push(timed(['-e', '0'], env));
      samples.help.push(timed([BIN, '--help'], env));
      samples.token.push(timed([BIN, 'token', '--role', 'admin'], env));
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
  process.stderr.write(
    `cli-start: ${RUNS} runs each, median (min-max) ms: node -e 0 ${median(samples.node).toFixed(0)} (${spread(samples.node)}), ` +
      `ketnoi --help ${median(samples.help).toFixed(0)} (${spread(samples.help)}), ketnoi token ${median(samples.token).toFixed(0)} (${spread(samples.token)})\n`,
  );
  return [
    result(`ketnoi --help, median of ${RUNS} (vs node -e 0)`, median(samples.help), 'ms', median(samples.node)),
    result(`ketnoi token, median of ${RUNS} (vs node -e 0)`, median(samples.token), 'ms', median(samples.node)),
  ];
}

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status}`);
  return performance.now() - started;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
