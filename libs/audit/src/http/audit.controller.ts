import { Controller, Get, Inject, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { KETNOI_CONFIG, type KetnoiConfig } from '@ketnoi/config';
import { timeBound } from '@ketnoi/domain';
import { EVENT_STORE, SQL_CLIENT, type EventStore, type SqlClient } from '@ketnoi/event-store';
import {
  requireRole,
  ActorGuard,
  CurrentActor,
  invalidRequest,
  NODE_KEY,
  parseAsOf,
  type Actor,
  type HttpResponse,
  type NodeKeyPair,
} from '@ketnoi/platform';
import { exportTrail } from '../export/export-trail.js';
import { replayStream } from '../replay/replay-stream.js';
import { originKeys } from '../verify/origin-keys.js';
import { verifyLog } from '../verify/verify-log.js';
import { ExportQuery, ReplayQuery } from './audit-query.dto.js';

/** The auditor's three questions over REST: is the history intact, what was true then, what happened. */
@ApiTags('audit')
@Controller('v1/audit')
@UseGuards(ActorGuard)
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NODE_KEY) private readonly key: NodeKeyPair,
    @Inject(KETNOI_CONFIG) private readonly config: KetnoiConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute every hash chain and signature; lists each broken link',
    operationId: 'auditVerify',
  })
  async verify(@CurrentActor() actor: Actor) {
    auditorsOnly(actor);
    const keys = await originKeys(this.config.nodeId, this.key.privateKey, this.config.trustRegistryPath);
    const report = await verifyLog(this.store, keys, { sql: this.sql });
    return { ok: report.breaks.length === 0, ...report };
  }

  @Get('replay')
  @ApiOperation({
    summary: "A stream's state as of a time or position, and the events that led to it",
    operationId: 'auditReplay',
  })
  async replay(@CurrentActor() actor: Actor, @Query() query: ReplayQuery) {
    auditorsOnly(actor);
    const asOf = parseAsOf(query.asOf);
    if (!asOf)
      throw invalidRequest([
        {
          field: 'asOf',
          message:
            'must be a global position of this node or a time: a date (2026-12-01, that whole UTC day) or an instant with its zone',
        },
      ]);
    const replay = await replayStream(this.store, query.stream, asOf);
    return {
      streamId: replay.streamId,
      asOf: query.asOf,
      state: replay.state,
      events: replay.events.map((e) => ({ ...e, globalPosition: e.globalPosition.toString() })),
    };
  }

  @Get('export')
  @ApiOperation({
    summary: 'The audit trail between two times, streamed as JSON lines or CSV',
    operationId: 'auditExport',
  })
  export(
    @CurrentActor() actor: Actor,
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    auditorsOnly(actor);
    const format = query.format ?? 'jsonl';
    response.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    // A bare date is the whole day: `from=D&to=D` is day D (the domain's rule, as on the CLI).
    const range = {
      ...(query.from ? { from: timeBound(query.from, 'start', 'from') } : {}),
      ...(query.to ? { to: timeBound(query.to, 'end', 'to') } : {}),
    };
    return new StreamableFile(exportTrail(this.store, range, format));
  }
}

function auditorsOnly(actor: Actor): void {
  requireRole(actor, ['auditor', 'admin'], 'read the audit trail');
}
