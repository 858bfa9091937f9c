import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
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

/** How long readiness waits for the store before declaring it unavailable. */
const READY_TIMEOUT_MS = 2000;

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NODE_CONTEXT) private readonly node: NodeContext,
    @Optional() private readonly checks?: ReadinessChecks,
  ) {}

  /** The process is up and serving HTTP; says nothing about its dependencies. */
  @Get('live')
  live(): HealthReport {
    return { status: 'ok', node: this.node.nodeId };
  }

  /** Ready when the event store answers a query (its head position); 503 with the reason otherwise. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<HealthReport> {
    try {
      const position = await withTimeout(this.store.headPosition(), READY_TIMEOUT_MS);
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
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
