import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EVENT_STORE, SQL_CLIENT, type EventStore, type SqlClient } from '@ketnoi/event-store';
import { Metrics, ProblemException, ReadinessChecks, invalidRequest } from '@ketnoi/platform';
import { activityProjection } from './activity/activity.projection.js';
import type { Projection, ProjectionChange } from './engine/projection.js';
import { ProjectionRunner, type RunnerOptions } from './engine/projection-runner.js';
import { rebuildProjection, type RebuildResult } from './engine/rebuild.js';
import { partnershipStatusProjection } from './partnership-status/partnership-status.projection.js';

/** The projections of this code base, by name. */
export const PROJECTIONS: readonly Projection[] = [partnershipStatusProjection, activityProjection];

export const findProjection = (name: string): Projection | undefined =>
  PROJECTIONS.find((p) => p.name === name);

export interface ProjectionsOptions extends RunnerOptions {
  /** How long a query with `?minPosition=` waits for the projection. @defaultValue 5000 */
  readonly readYourWritesTimeoutMs?: number;
}

export const PROJECTIONS_OPTIONS = Symbol('PROJECTIONS_OPTIONS');

/**
 * Runs every projection of the node for the app's lifetime, and is what queries ask to wait for
 * a position (read your writes), what `/metrics` reads lag from and `/health/ready` asks.
 */
@Injectable()
export class ProjectionsHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  readonly runners: ReadonlyMap<string, ProjectionRunner>;

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsOptions = {},
    @Optional() metrics?: Metrics,
    @Optional() private readonly readiness?: ReadinessChecks,
  ) {
    const log = options.log ?? ((line: string) => this.logger.error(line));
    this.runners = new Map(
      PROJECTIONS.map((p) => [p.name, new ProjectionRunner(sql, store, p, { ...options, log })]),
    );
    if (metrics) this.registerMetrics(metrics);
    readiness?.register({
      name: 'projections',
      check: () => {
        const stopped = [...this.runners.values()].flatMap((r) => {
          const status = r.current();
          return status.state === 'stopped' ? [{ projection: r.name, ...status.poison }] : [];
        });
        if (stopped.length === 0) return { ok: true };
        const reason = stopped
          .map(
            (s) =>
              `${s.projection} stopped at position ${s.position}, event ${s.eventId} (${s.type}): ${s.error}`,
          )
          .join('; ');
        return { ok: false, reason, detail: stopped };
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners.values()) await runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.readiness?.unregister('projections');
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.get(name);
    if (!runner) throw new Error(`no projection ${name}`);
    return runner;
  }

  /**
   * Read your writes: waits until every named projection has reached `minPosition`, bounded;
   * 503 problem (the caller sets Retry-After) when the bound passes first.
   */
  async awaitPosition(minPosition: bigint | undefined, names: readonly string[]): Promise<void> {
    if (minPosition === undefined) return;
    if (names.every((n) => this.runner(n).checkpoint() >= minPosition)) return;
    // A position this node's log has not reached was not returned by a write here: waiting for
    // it could only time out, so it is the client's mistake and answered at once.
    const head = await this.store.headPosition();
    if (minPosition > head)
      throw invalidRequest([
        {
          field: 'minPosition',
          message: `${minPosition} is past this node's log (its last position is ${head}); use a position a write on this node returned`,
        },
      ]);
    const timeout = this.options.readYourWritesTimeoutMs ?? 5000;
    const reached = await Promise.all(names.map((n) => this.runner(n).waitFor(minPosition, timeout)));
    if (reached.every(Boolean)) return;
    const behind = names.filter((_, i) => !reached[i]);
    throw new ProblemException({
      status: 503,
      code: 'PROJECTION_BEHIND',
      title: 'Read model not yet up to date',
      detail: `${behind.map((n) => `${n} is at ${this.runner(n).checkpoint()}`).join(', ')}; position ${minPosition} not reached within ${timeout} ms. Retry later.`,
      extensions: { minPosition: minPosition.toString() },
    });
  }

  /** Changes of every projection as they commit. */
  onChanges(listener: (changes: readonly ProjectionChange[]) => void): () => void {
    const offs = [...this.runners.values()].map((r) => r.onChanges(listener));
    return () => offs.forEach((off) => off());
  }

  /** Rebuilds (or verifies) one projection while this node keeps running it. */
  async rebuild(name: string, verify: boolean): Promise<RebuildResult> {
    const runner = this.runner(name);
    const result = await rebuildProjection(this.sql, this.store, runner.projection, { verify });
    runner.wake();
    return result;
  }

  private registerMetrics(metrics: Metrics): void {
    const runners = () => [...this.runners.values()];
    const store = this.store;
    new Gauge({
      name: 'ketnoi_projection_lag_events',
      help: 'Events in the node log not yet applied, per projection',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      async collect() {
        const head = await store.headPosition();
        for (const r of runners()) this.set({ projection: r.name }, Number(head - r.checkpoint()));
      },
    });
    new Gauge({
      name: 'ketnoi_projection_lag_milliseconds',
      help: 'Age of the oldest event not yet applied, per projection (0 when caught up)',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      collect() {
        for (const r of runners()) this.set({ projection: r.name }, r.lagMs());
      },
    });
    new Gauge({
      name: 'ketnoi_projection_stopped',
      help: '1 when the projection stopped at a poison event',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      collect() {
        for (const r of runners()) this.set({ projection: r.name }, r.current().state === 'stopped' ? 1 : 0);
      },
    });
  }
}
