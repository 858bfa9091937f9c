/**
 * One figure of `npm run bench`. `ratio` = value / baseline, where the baseline is measured in the
 * same process and the same run, because these machines are too noisy for absolute numbers.
 * For figures where smaller is better (latency, memory) the name says so and ratio is still value/baseline.
 */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number | null;
  readonly ratio: number | null;
}

export const result = (name: string, value: number, unit: string, baseline: number | null): BenchResult => ({
  name,
  value: round(value),
  unit,
  baseline: baseline === null ? null : round(baseline),
  ratio: baseline ? round(value / baseline, 3) : null,
});

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** Percentile of already collected samples (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
