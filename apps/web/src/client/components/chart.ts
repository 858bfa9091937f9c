/// <reference lib="dom" />
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';

export interface ChartSpec {
  readonly type: 'bar' | 'line';
  readonly labels: readonly string[];
  readonly series: ReadonlyArray<{
    readonly label: string;
    readonly values: readonly number[];
    readonly color: string;
  }>;
  /** Axis and tooltip text of a value (money in the user's locale). */
  readonly format: (value: number) => string;
  readonly title: string;
}

/**
 * Chart.js, loaded on first use: the board (the page people open first) ships without it.
 * Only the controllers and scales used here are registered, so the chunk stays small.
 */
const chartJs = () => import('./chart-js.js').then((m) => m.Chart);

export function ChartCanvas({ spec }: { spec: ChartSpec }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void chartJs().then((Chart) => {
      if (cancelled || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: spec.type,
        data: {
          labels: [...spec.labels],
          datasets: spec.series.map((series) => ({
            label: series.label,
            data: [...series.values],
            backgroundColor: series.color,
            borderColor: series.color,
          })),
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, ticks: { callback: (value) => spec.format(Number(value)) } } },
          plugins: {
            tooltip: {
              callbacks: { label: (item) => `${item.dataset.label}: ${spec.format(Number(item.raw))}` },
            },
          },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [spec]);
  return html`<figure class="chart">
    <figcaption>${spec.title}</figcaption>
    <div class="chart-box"><canvas ref=${canvas} role="img" aria-label=${spec.title}></canvas></div>
  </figure>`;
}
