import autocannon from 'autocannon';
import { percentile } from './result.js';

const CONCURRENCY = 16;
/** Length of one slice of a variant's measurement: variants alternate slice by slice. */
const SLICE_SECONDS = 1;

export interface LoadVariant {
  readonly name: string;
  readonly url: string;
  /** Bearer tokens sent in turn, one per request (many callers); none = no Authorization header. */
  readonly tokens: readonly string[];
}

export interface LoadFigures {
  /** Median over the variant's slices of their requests per second. */
  readonly requestsPerSecond: number;
  /** Median of the slices' p50 and p99 latencies, ms. */
  readonly p50: number;
  readonly p99: number;
}

/**
 * Loads every variant for `seconds` at concurrency 16, in one-second slices that alternate
 * between the variants (the order rotating each round), and keeps each variant's median slice:
 * other processes on this machine come and go, and a burst of theirs then costs every variant
 * alike, or falls in slices the median drops, instead of landing on whichever variant ran during it.
 */
export async function loadInterleaved(
  variants: readonly LoadVariant[],
  seconds: number,
): Promise<Map<string, LoadFigures>> {
  for (const variant of variants) await load(variant, 2); // warm-up: JIT, and each token verified once
  const rounds = Math.max(1, Math.round(seconds / SLICE_SECONDS));
  const slices = new Map<string, autocannon.Result[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(round + i) % variants.length]!;
      slices.get(variant.name)!.push(await load(variant, seconds / rounds));
    }
  }
  const median = (results: autocannon.Result[], of: (r: autocannon.Result) => number): number =>
    percentile(results.map(of), 50);
  return new Map(
    [...slices].map(([name, results]) => [
      name,
      {
        // Counted over the slice's own duration: a one-second run has too few per-second samples.
        requestsPerSecond: median(results, (r) => r.requests.total / (r.duration || 1)),
        p50: median(results, (r) => r.latency.p50),
        p99: median(results, (r) => r.latency.p99),
      },
    ]),
  );
}

async function load(variant: LoadVariant, seconds: number): Promise<autocannon.Result> {
  const { url, tokens } = variant;
  let next = 0;
  const options: autocannon.Options =
    tokens.length <= 1
      ? { url, headers: tokens[0] ? { authorization: `Bearer ${tokens[0]}` } : {} }
      : {
          url,
          // Each request takes the next token, so every caller's bucket is drawn on in turn.
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
              }),
            },
          ],
        };
  const outcome = await autocannon({ ...options, connections: CONCURRENCY, duration: seconds });
  if (outcome.non2xx > 0 || outcome.errors > 0) {
    throw new Error(`${variant.name}: ${outcome.non2xx} non-2xx responses, ${outcome.errors} errors under load`);
  }
  return outcome;
}
