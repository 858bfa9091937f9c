import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './result.js';

/**
 * `npm run bench [name...]`: runs each suite (or the named ones), prints a table and writes
 * bench/results.json, replacing only the figures of the suites that ran. Suites are modules
 * exporting `run(): Promise<BenchResult[]>`.
 */
const suites: Record<string, () => Promise<{ run(): Promise<BenchResult[]> }>> = {
  'append-path': () => import('./append-path.js'),
  'http-commands': () => import('./http-commands.js'),
  'cold-start': () => import('./cold-start.js'),
  'cli-start': () => import('./cli-start.js'),
  kurrentdb: () => import('./kurrentdb.js'),
  projections: () => import('./projections.js'),
  iati: () => import('./iati.js'),
  web: () => import('./web.js'),
  federation: () => import('./federation.js'),
  'federation-latency': () => import('./federation-latency.js'),
  'federation-scale': () => import('./federation-scale.js'),
  audit: () => import('./audit.js'),
  'auth-cost': () => import('./auth-cost.js'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(suites);
  const results: Array<BenchResult & { suite: string }> = [];
  for (const name of names) {
    const load = suites[name];
    if (!load) throw new Error(`unknown bench suite "${name}"; known: ${Object.keys(suites).join(', ')}`);
    process.stderr.write(`bench: ${name}...\n`);
    results.push(...(await (await load()).run()).map((r) => ({ suite: name, ...r })));
  }
  console.table(results);
  const file = fileURLToPath(new URL('../../bench/results.json', import.meta.url));
  const kept = (await previous(file)).filter((r) => !names.includes(r.suite));
  await writeFile(file, JSON.stringify([...kept, ...results], null, 2) + '\n');
  process.stderr.write(`bench: wrote ${file}\n`);
}

async function previous(file: string): Promise<Array<BenchResult & { suite: string }>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Array<BenchResult & { suite: string }>;
  } catch {
    return [];
  }
}

await main();
