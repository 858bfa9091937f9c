import { Controller, Get, Inject, Param, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { ActorGuard, type HttpResponse } from '@ketnoi/platform';
import { AgreementParams } from '../../commands/index.js';
import { etagOf } from '../../http/command-accepted.dto.js';
import { agreementView, readAgreement, readAgreementEvents, recordedEventView } from '../read-agreement.js';

/** Reads straight from the agreement's stream: always current, no projection lag for the writer. */
@ApiTags('agreements')
@Controller('v1/agreements')
@UseGuards(ActorGuard)
export class AgreementReadController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':agreementId')
  @ApiParam({ name: 'agreementId', format: 'uuid' })
  @ApiOperation({ summary: 'The agreement as its events fold it', operationId: 'getAgreement' })
  @ApiResponse({ status: 200, description: 'The agreement; ETag holds its revision' })
  @ApiResponse({ status: 404, description: 'No such agreement' })
  async get(@Param() { agreementId }: AgreementParams, @Res({ passthrough: true }) response: HttpResponse) {
    const snapshot = await readAgreement(this.store, agreementId);
    response.setHeader('ETag', etagOf(snapshot.revision));
    return agreementView(snapshot);
  }

  @Get(':agreementId/history')
  @ApiParam({ name: 'agreementId', format: 'uuid' })
  @ApiOperation({
    summary: 'Every recorded event of the agreement, with its envelope',
    operationId: 'getHistory',
  })
  @ApiResponse({ status: 200, description: 'The events in revision order' })
  @ApiResponse({ status: 404, description: 'No such agreement' })
  async history(
    @Param() { agreementId }: AgreementParams,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    const events = await readAgreementEvents(this.store, agreementId);
    response.setHeader('ETag', etagOf(events[events.length - 1]!.revision));
    return { agreementId, events: events.map(recordedEventView) };
  }
}
