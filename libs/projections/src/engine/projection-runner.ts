import { exclusiveDdl, idleWaitMs, type EventStore, type RecordedEvent, type SqlClient } from '@ketnoi/event-store';
import {
  ensureCheckpointSql,
  loadCheckpoint,
  lockCheckpoint,
  migrateProjectionCheckpoints,
  saveCheckpoint,
} from './checkpoints.js';
import { PoisonEventError, type Projection, type ProjectionChange } from './projection.js';
import { analyzeTables, analyzeUnanalyzedTables } from './statistics.js';
import { createTableSql, liveNames } from './table.js';

export interface RunnerOptions {
  /** Events read and applied per transaction. @defaultValue 500 */
  readonly batchSize?: number;
  /** How often an idle runner looks for new events, where the store cannot tell it of each append. @defaultValue 50 */
  readonly pollMs?: number;
  /** Pause before retrying after an error that is not a poison event (database away). @defaultValue 1000 */
  readonly retryMs?: number;
  /** One line per incident. @defaultValue stderr */
  readonly log?: (line: string) => void;
  /** Events applied between two refreshes of the tables' planner statistics. @defaultValue 10000 */
  readonly analyzeEvery?: number;
}

/** Where a projection is: running (with how far it got), or stopped at a poison event. */
export type RunnerStatus =
  | { readonly state: 'running'; readonly position: bigint; readonly lastError?: string }
  | {
      readonly state: 'stopped';
      readonly position: bigint;
      readonly poison: {
        readonly eventId: string;
        readonly position: string;
        readonly type: string;
        readonly error: string;
      };
    };

/**
 * A catch-up loop over `EventStore.readAll` for one projection. Each batch's rows and the
 * checkpoint commit in ONE transaction, and the batch starts by locking the checkpoint row and
 * checking it is where this runner thinks it is: a crash loses nothing and applies nothing twice,
 * and two runners of the same projection (two processes, or a rebuild swapping tables in) never
 * both apply a batch.
 */
export class ProjectionRunner {
  private position = 0n;
  private status: RunnerStatus = { state: 'running', position: 0n };
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<(changes: readonly ProjectionChange[]) => void>();
  /** recordedAt of the oldest event read but not yet committed; undefined when caught up. */
  private behindSince: number | undefined;
  private readonly log: (line: string) => void;
  private appliedSinceAnalyze = 0;

  constructor(
    private readonly sql: SqlClient,
    private readonly store: EventStore,
    readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {
    this.log = options.log ?? ((line) => void process.stderr.write(`${line}\n`));
  }

  get name(): string {
    return this.projection.name;
  }

  /** Creates the tables and checkpoint (idempotently) and starts the loop. */
  async start(): Promise<void> {
    await ensureProjectionTables(this.sql, this.projection);
    await analyzeUnanalyzedTables(this.sql, this.tableNames());
    this.advance(await loadCheckpoint(this.sql, this.name));
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Looks for new events now instead of at the next poll (after a local append, say). */
  wake(): void {
    this.wakeUp?.();
  }

  current(): RunnerStatus {
    return this.status;
  }

  checkpoint(): bigint {
    return this.position;
  }

  /** Milliseconds the oldest unprojected event has waited; 0 when caught up. */
  lagMs(now = Date.now()): number {
    return this.behindSince === undefined ? 0 : Math.max(0, now - this.behindSince);
  }

  onChanges(listener: (changes: readonly ProjectionChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves true once the checkpoint is at or past `position`, false after `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return true;
    this.wake();
    return new Promise((resolve) => {
      const check = () => {
        if (this.position < position) return;
        finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (reached: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(reached);
      };
      this.waiters.add(check);
    });
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      try {
        const events = await this.store.readAll({ after: this.position, maxCount: batchSize });
        if (events.length === 0) {
          this.behindSince = undefined;
          const waitMs = idleWaitMs(this.store, this.options.pollMs ?? 50);
          // An append in this process ends the wait at once: an idle node's lag is one batch, not a
          // poll interval (a busy one reads again straight after each batch anyway). Where the
          // store sees every append (PGlite) that notice is all an idle runner waits for.
          void this.store.waitForAppend?.(waitMs, this.position).then(() => this.wake());
          await this.sleep(waitMs);
          continue;
        }
        this.behindSince = Date.parse(events[0]!.metadata.recordedAt);
        await this.applyBatch(events);
        if (this.status.state === 'stopped') return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log(`projection ${this.name}: ${message}; retrying`);
        this.status = { state: 'running', position: this.position, lastError: message };
        await this.sleep(this.options.retryMs ?? 1000);
      }
    }
  }

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    try {
      await this.commit(events);
    } catch (error) {
      if (!(error instanceof PoisonEventError)) throw error;
      // Apply what came before the poison event so the projection stops exactly at it.
      const before = events.filter((e) => e.globalPosition < error.event.globalPosition);
      if (before.length > 0) await this.commit(before);
      this.stopAtPoison(error);
    }
  }

  private async commit(events: RecordedEvent[]): Promise<void> {
    const expected = this.position;
    const last = events[events.length - 1]!.globalPosition;
    const outcome = await this.sql.transaction(async (tx) => {
      const stored = await lockCheckpoint(tx, this.name);
      // Another runner (or a rebuild) moved the checkpoint: re-read from where it is.
      if (stored !== expected) return { kind: 'moved', to: stored } as const;
      const changes = await this.projection.apply(tx, events, liveNames(this.projection.tables));
      await saveCheckpoint(tx, this.name, last);
      return { kind: 'applied', changes } as const;
    });
    if (outcome.kind === 'moved') {
      this.advance(outcome.to);
      return;
    }
    this.advance(last);
    if (outcome.changes.length > 0) for (const listener of this.listeners) listener(outcome.changes);
    this.appliedSinceAnalyze += events.length;
    if (this.appliedSinceAnalyze >= (this.options.analyzeEvery ?? 10_000)) {
      this.appliedSinceAnalyze = 0;
      await analyzeTables(this.sql, this.tableNames());
    }
  }

  private tableNames(): string[] {
    return this.projection.tables.map((spec) => spec.name);
  }

  private advance(position: bigint): void {
    this.position = position;
    this.status = { state: 'running', position };
    for (const waiter of [...this.waiters]) waiter();
  }

  private stopAtPoison(error: PoisonEventError): void {
    this.running = false;
    this.status = {
      state: 'stopped',
      position: this.position,
      poison: {
        eventId: error.event.eventId,
        position: error.event.globalPosition.toString(),
        type: error.event.type,
        error: error.reason instanceof Error ? error.reason.message : String(error.reason),
      },
    };
    this.log(error.message);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/** Live tables and checkpoint row, created if missing (every start, so idempotent). */
export async function ensureProjectionTables(sql: SqlClient, projection: Projection): Promise<void> {
  const tables = projection.tables.map((spec) => spec.name);
  await migrateProjectionCheckpoints(sql);
  await sql.exec(
    exclusiveDdl(
      [
        ensureCheckpointSql(projection.name, projection.version ?? 1, tables),
        ...projection.tables.map((spec) => createTableSql(spec, spec.name)),
      ].join('\n'),
    ),
  );
}
