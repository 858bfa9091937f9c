import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ketnoi/event-store';
import { foldStatusRow, statusView } from '@ketnoi/domain';
import {
  ActorGuard,
  AGREEMENT_VIEW_SCHEMA,
  AsOfQuery,
  CurrentActor,
  invalidRequest,
  isBefore,
  parseAsOf,
  type Actor,
  type HttpResponse,
} from '@ketnoi/platform';
import { AgreementParams } from '../../commands/index.js';
import { etagOf } from '../../http/command-accepted.dto.js';
import { AGREEMENT_HISTORY_SCHEMA } from './agreement-history.schema.js';
import { agreementNotFound, readVisibleEvents, recordedEventView } from '../read-agreement.js';

/**
 * One agreement, folded from its own stream with the partnership-status projection's pure row
 * builder: the same fields and rules as a row of `GET /v1/agreements`, always current for the
 * writer (no projection lag, so `minPosition` is met by construction), and as of any past point
 * with `?asOf=`. A caller who may not read the agreement gets the 404 of a missing one.
 */
@ApiTags('agreements')
@Controller('v1/agreements')
@UseGuards(ActorGuard)
export class AgreementReadController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':agreementId')
  @ApiParam({ name: 'agreementId', format: 'uuid' })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'A global position (digits) or an ISO 8601 instant',
  })
  @ApiOperation({
    summary: 'The agreement as its events fold it, now or as of a past point',
    description:
      'Folded from the agreement stream itself, so always current for this node (no read-model lag). ' +
      'The ETag is the revision, to send back as If-Match with the next command.',
    operationId: 'getAgreement',
  })
  @ApiResponse({
    status: 200,
    description: 'The agreement; ETag holds its revision',
    schema: AGREEMENT_VIEW_SCHEMA,
  })
  @ApiResponse({ status: 404, description: 'No such agreement (or none at asOf)' })
  async get(
    @Param() { agreementId }: AgreementParams,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    const events = await this.visibleEvents(agreementId, actor);
    let upTo = events;
    if (query.asOf !== undefined) {
      const asOf = parseAsOf(query.asOf);
      if (!asOf)
        throw invalidRequest([
          { field: 'asOf', message: 'must be a global position (digits) or an ISO 8601 instant' },
        ]);
      upTo = events.filter((event) => isBefore(event, asOf));
    }
    const row = foldStatusRow(upTo);
    if (!row) throw agreementNotFound(agreementId);
    response.setHeader('ETag', etagOf(row.revision));
    return { ...statusView(row), ...(query.asOf !== undefined ? { asOf: query.asOf } : {}) };
  }

  @Get(':agreementId/history')
  @ApiParam({ name: 'agreementId', format: 'uuid' })
  @ApiOperation({
    summary: 'Every recorded event of the agreement, with its envelope',
    description:
      'The events the caller may read (a withdrawn party: up to its withdrawal), in revision order, with ' +
      'their metadata: actor, correlation and causation ids, and the hash chain (`prevHash`, `hash`).',
    operationId: 'getHistory',
  })
  @ApiResponse({ status: 200, description: 'The events in revision order', schema: AGREEMENT_HISTORY_SCHEMA })
  @ApiResponse({ status: 404, description: 'No such agreement' })
  async history(
    @Param() { agreementId }: AgreementParams,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    const events = await this.visibleEvents(agreementId, actor);
    response.setHeader('ETag', etagOf(events[events.length - 1]!.revision));
    return { agreementId, events: events.map(recordedEventView) };
  }

  private visibleEvents(agreementId: string, actor: Actor): Promise<RecordedEvent[]> {
    return readVisibleEvents(this.store, agreementId, actor);
  }
}
