import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, PostgresEventStore, type EventStore } from '@ketnoi/event-store';
import { NODE_CONTEXT, type NodeContext } from '../node-context.js';
import { ReadinessChecks } from './readiness.js';

export type HealthReport =
  | { status: 'ok'; node: string; position?: string }
  | {
      status: 'unavailable';
      node: string;
      reason: string;
      checks?: { name: string; reason: string; detail?: unknown }[];
    };

const HEALTH_REPORT_SCHEMA = {
  title: 'HealthReport',
  type: 'object',
  required: ['status', 'node'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    node: { type: 'string' },
    position: { type: 'string', description: 'Head position of the event store, when ok' },
    reason: { type: 'string' },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'reason'],
        properties: { name: { type: 'string' }, reason: { type: 'string' }, detail: {} },
      },
    },
  },
};

/** How long readiness waits for the store before declaring it unavailable. */
const READY_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NODE_CONTEXT) private readonly node: NodeContext,
    @Optional() private readonly checks?: ReadinessChecks,
  ) {}

  /** The process is up and serving HTTP; says nothing about its dependencies. */
  @Get('live')
  @ApiOperation({
    summary: 'Liveness',
    description: 'The process is up and serving HTTP; says nothing about its dependencies.',
    operationId: 'getLiveness',
  })
  @ApiResponse({ status: 200, description: 'Up', schema: HEALTH_REPORT_SCHEMA })
  live(): HealthReport {
    return { status: 'ok', node: this.node.nodeId };
  }

  /**
   * Ready when the event store answers: its head position, and the event stored there (a read of
   * the rows, not only of the counter: a corrupted page fails here). 503 with the reason otherwise,
   * also while a request has met an unreadable page (StorageFaults).
   */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness',
    description: 'Ready when the event store answers (its head position) and every readiness check passes.',
    operationId: 'getReadiness',
  })
  @ApiResponse({ status: 200, description: 'Ready', schema: HEALTH_REPORT_SCHEMA })
  @ApiResponse({ status: 503, description: 'Not ready, with the reason', schema: HEALTH_REPORT_SCHEMA })
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<HealthReport> {
    try {
      const position = await withTimeout(this.lastEventPosition(), READY_TIMEOUT_MS);
      const failing = (await this.checks?.failing()) ?? [];
      if (failing.length > 0) {
        res.status(503);
        const reason = failing.map((c) => `${c.name}: ${c.reason}`).join('; ');
        return { status: 'unavailable', node: this.node.nodeId, reason, checks: failing };
      }
      return { status: 'ok', node: this.node.nodeId, position: position.toString() };
    } catch (error) {
      res.status(503);
      return {
        status: 'unavailable',
        node: this.node.nodeId,
        reason: `event store: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  private async lastEventPosition(): Promise<bigint> {
    const head = await this.store.headPosition();
    // KurrentDB's head is read from its last event already; the SQL store's is a counter.
    if (head === 0n || !(this.store instanceof PostgresEventStore)) return head;
    const [last] = await this.store.readAll({ after: head - 1n, maxCount: 1 });
    if (last?.globalPosition !== head) throw new Error(`the log head is ${head} but no event is stored there`);
    return head;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
