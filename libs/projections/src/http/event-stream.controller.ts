import { Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SQL_CLIENT, parseGlobalPosition, type SqlClient } from '@ketnoi/event-store';
import { ActorGuard, CurrentActor, invalidRequest, mayRead, type Actor } from '@ketnoi/platform';
import { ACTIVITY } from '../activity/activity.projection.js';
import type { ProjectionChange } from '../engine/projection.js';
import { ProjectionsHost } from '../projections-host.js';

interface SseRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  on(event: 'close', listener: () => void): void;
}
interface SseResponse {
  writeHead(status: number, headers: Record<string, string>): void;
  write(chunk: string): boolean;
  end(): void;
}

/** How often an idle stream sends a comment, so proxies keep the connection open. */
const HEARTBEAT_MS = 15_000;
const REPLAY_BATCH = 500;

/**
 * Server-Sent Events of read-model changes, one per global position (the `id`), from the
 * activity projection, which sees every agreement and endorsement event. `Last-Event-ID`
 * resumes: what was committed after it is replayed from the feed's table, then live changes
 * follow, with nothing twice and nothing the caller may not read.
 */
@ApiTags('read models')
@Controller('v1/events')
@UseGuards(ActorGuard)
export class EventStreamController {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly host: ProjectionsHost,
  ) {}

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Read-model changes as Server-Sent Events; resumable with Last-Event-ID',
    operationId: 'streamEvents',
  })
  async stream(
    @Req() request: SseRequest,
    @Res() response: SseResponse,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const header = request.headers['last-event-id'];
    const lastId = Array.isArray(header) ? header[0] : header;
    const lastPosition = lastId === undefined ? undefined : parseGlobalPosition(lastId);
    if (lastId !== undefined && lastPosition === undefined) {
      throw invalidRequest([
        { field: 'Last-Event-ID', message: 'must be the id (a global position) of an event of this stream' },
      ]);
    }
    let sent = lastPosition ?? this.host.runner(ACTIVITY).checkpoint();
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(': ketnoi read-model changes\n\n');
    let replaying = true;
    const pending: ProjectionChange[] = [];
    const send = (change: ProjectionChange) => {
      if (change.position <= sent || !mayRead(actor, change.partyNodes)) return;
      sent = change.position;
      const data = {
        position: change.position.toString(),
        type: change.type,
        agreementId: change.agreementId,
      };
      response.write(`id: ${change.position}\nevent: ${change.type}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const off = this.host.runner(ACTIVITY).onChanges((changes) => {
      if (replaying) pending.push(...changes);
      else changes.forEach(send);
    });
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    request.on('close', () => {
      off();
      clearInterval(heartbeat);
    });
    try {
      for (;;) {
        const { rows } = await this.sql.query<{
          position: bigint;
          type: string;
          agreement_id: string;
          party_nodes: string[];
        }>(
          `select position, type, agreement_id, party_nodes from rm_activity where position > $1::bigint order by position limit ${REPLAY_BATCH}`,
          [sent.toString()],
        );
        const before = sent;
        for (const r of rows) {
          const position = BigInt(r.position);
          // A position the caller may not read still moves the replay on.
          if (!mayRead(actor, r.party_nodes)) sent = position > sent ? position : sent;
          else
            send({
              position,
              projection: ACTIVITY,
              type: r.type,
              agreementId: r.agreement_id,
              partyNodes: r.party_nodes,
            });
        }
        if (rows.length < REPLAY_BATCH || sent === before) break;
      }
    } finally {
      replaying = false;
      pending.splice(0).forEach(send);
    }
  }
}
