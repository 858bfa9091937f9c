import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** How a command ended, as `ketnoi_commands_total` counts it; a small closed set keeps label cardinality low. */
export type CommandMetricOutcome = 'accepted' | 'rejected' | 'invalid' | 'conflict' | 'denied' | 'failed';

/**
 * The node's Prometheus metrics. Each instance owns its registry (not prom-client's global one)
 * so several hubs started in one process (tests, bench) never clash over metric names.
 * Other modules register their own metrics on `registry`.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly httpRequestDuration = new Histogram({
    name: 'ketnoi_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly commands = new Counter({
    name: 'ketnoi_commands_total',
    help: 'Agreement commands handled, by command type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** `route` is the route template (`/v1/agreements/:id`), never the raw URL: ids would explode cardinality. */
  observeHttpRequest(route: string, method: string, status: number, seconds: number): void {
    this.httpRequestDuration.observe({ route, method, status: String(status) }, seconds);
  }

  recordCommand(type: string, outcome: CommandMetricOutcome): void {
    this.commands.inc({ type, outcome });
  }

  /** The Prometheus text exposition of every metric in the registry. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
