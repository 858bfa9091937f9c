import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { NODE_ID_PATTERN } from '@ketnoi/domain';
import { EVENT_STORE, SQL_CLIENT, type EventStore, type SqlClient } from '@ketnoi/event-store';
import {
  AGREEMENT_PAGE_SCHEMA,
  PORTFOLIO_SCHEMA,
  ActorGuard,
  CurrentActor,
  readScope,
  type Actor,
  type HttpResponse,
} from '@ketnoi/platform';
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
    description:
      'The agreements the caller may read, filtered and sorted, one page at a time (`cursor` is the previous ' +
      "page's `nextCursor`). With `minPosition` (a command's `position`), waits until the read model has it.",
    operationId: 'listAgreements',
  })
  @ApiResponse({ status: 200, description: 'One page of agreements', schema: AGREEMENT_PAGE_SCHEMA })
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
  @ApiParam({
    name: 'nodeId',
    example: 'vn-hue',
    schema: { type: 'string', pattern: NODE_ID_PATTERN.source },
  })
  @ApiOperation({
    summary: "A node's agreements, by status, with funding per currency; ?asOf= folds history",
    description:
      'The agreements the node is party to that the caller may read: counts by status, committed and ' +
      'disbursed funding per currency, milestones done. `asOf` (a global position or an instant) folds ' +
      'the history up to that point instead of reading the live read model.',
    operationId: 'getPortfolio',
  })
  @ApiResponse({ status: 200, description: 'The portfolio', schema: PORTFOLIO_SCHEMA })
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
  @ApiParam({
    name: 'nodeId',
    example: 'org-koica',
    schema: { type: 'string', pattern: NODE_ID_PATTERN.source },
  })
  @ApiOperation({
    summary: 'What a donor committed and disbursed, per currency and agreement',
    description:
      'The funding lines of the donor in the agreements the caller may read, with totals per currency.',
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
  @ApiOperation({
    summary: 'Agreements grouped by programme',
    description:
      'Per programme named in the agreements the caller may read: its agreements and their funding.',
    operationId: 'listProgrammes',
  })
  async programmes(
    @Query() query: ReadYourWritesQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    await readYourWrites(this.host, query.minPosition, [PARTNERSHIP_STATUS], response);
    return programmeOverview(this.sql, readScope(actor));
  }

  @Get('activity')
  @ApiOperation({
    summary: 'Activity feed, newest first',
    description:
      'One entry per recorded event of the agreements the caller may read, newest first, optionally of one ' +
      "agreement; `cursor` is the previous page's `nextCursor`.",
    operationId: 'listActivity',
  })
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
