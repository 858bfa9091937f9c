import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, SQL_CLIENT, type EventStore, type SqlClient } from '@ketnoi/event-store';
import { ActorGuard, CurrentActor, readScope, type Actor, type HttpResponse } from '@ketnoi/platform';
import { ACTIVITY } from '../activity/activity.projection.js';
import { PARTNERSHIP_STATUS } from '../partnership-status/partnership-status.projection.js';
import { ProjectionsHost } from '../projections-host.js';
import { listActivity } from '../queries/activity.js';
import { statusRowsAsOf } from '../queries/as-of.js';
import { listAgreements } from '../queries/list-agreements.js';
import { donorPortfolio, loadPartyRows, portfolioOf, programmeOverview } from '../queries/portfolio.js';
import {
  ActivityQuery,
  AsOfQuery,
  ListAgreementsQuery,
  NodeParams,
  ReadYourWritesQuery,
} from './query-dtos.js';
import { asOfParam, readYourWrites } from './read-your-writes.js';

/** The read models over REST. Every query is narrowed to what the caller may read (`readScope`). */
@ApiTags('read models')
@Controller('v1')
@UseGuards(ActorGuard)
export class ReadModelController {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly host: ProjectionsHost,
  ) {}

  @Get('agreements')
  @ApiOperation({
    summary: 'Agreements from the partnership-status read model',
    operationId: 'listAgreements',
  })
  @ApiResponse({ status: 200, description: '{items, nextCursor}' })
  @ApiResponse({ status: 400, description: 'A bad query parameter, named' })
  @ApiResponse({ status: 503, description: 'minPosition not reached in time (Retry-After)' })
  async list(
    @Query() query: ListAgreementsQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    await readYourWrites(this.host, query.minPosition, [PARTNERSHIP_STATUS], response);
    const { minPosition: _ignored, ...filter } = query;
    return listAgreements(this.sql, filter, readScope(actor));
  }

  @Get('portfolio/:nodeId')
  @ApiParam({ name: 'nodeId', example: 'vn-hue' })
  @ApiOperation({
    summary: "A node's agreements, by status, with funding per currency; ?asOf= folds history",
    operationId: 'getPortfolio',
  })
  async portfolio(
    @Param() { nodeId }: NodeParams,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    if (query.asOf !== undefined) {
      const rows = await statusRowsAsOf(this.store, asOfParam(query.asOf), readScope(actor));
      return { ...portfolioOf(nodeId, rows), asOf: query.asOf };
    }
    await readYourWrites(this.host, query.minPosition, [PARTNERSHIP_STATUS], response);
    return portfolioOf(nodeId, await loadPartyRows(this.sql, nodeId, readScope(actor)));
  }

  @Get('donors/:nodeId/portfolio')
  @ApiParam({ name: 'nodeId', example: 'org-koica' })
  @ApiOperation({
    summary: 'What a donor committed and disbursed, per currency and agreement',
    operationId: 'getDonorPortfolio',
  })
  async donor(
    @Param() { nodeId }: NodeParams,
    @Query() query: ReadYourWritesQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    await readYourWrites(this.host, query.minPosition, [PARTNERSHIP_STATUS], response);
    return donorPortfolio(this.sql, nodeId, readScope(actor));
  }

  @Get('programmes')
  @ApiOperation({ summary: 'Agreements grouped by programme', operationId: 'listProgrammes' })
  async programmes(
    @Query() query: ReadYourWritesQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    await readYourWrites(this.host, query.minPosition, [PARTNERSHIP_STATUS], response);
    return programmeOverview(this.sql, readScope(actor));
  }

  @Get('activity')
  @ApiOperation({ summary: 'Activity feed, newest first', operationId: 'listActivity' })
  async activity(
    @Query() query: ActivityQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    await readYourWrites(this.host, query.minPosition, [ACTIVITY], response);
    return listActivity(
      this.sql,
      {
        ...(query.agreementId ? { agreementId: query.agreementId } : {}),
        ...(query.cursor ? { before: BigInt(query.cursor) } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      },
      readScope(actor),
    );
  }
}
