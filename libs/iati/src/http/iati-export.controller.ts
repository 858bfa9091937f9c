import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { parseInstant, parseNodeId } from '@ketnoi/domain';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { ActorGuard, CurrentActor, ProblemException, type Actor, type HttpResponse } from '@ketnoi/platform';
import { Readable } from 'node:stream';
import { exportIati, NothingToExportError } from '../export/export-iati.js';
import { IATI_OPTIONS, type IatiModuleOptions } from './iati-options.js';

type StreamingResponse = HttpResponse & NodeJS.WritableStream;

@ApiTags('iati')
@Controller('v1/export/iati')
@UseGuards(ActorGuard)
export class IatiExportController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IATI_OPTIONS) private readonly options: IatiModuleOptions,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The agreements the caller may read as an IATI 2.03 iati-activities document, streamed',
    operationId: 'exportIati',
  })
  @ApiQuery({ name: 'node', required: false, description: 'only agreements this node is party to' })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'ISO 8601 instant: the agreements as they stood then',
  })
  @ApiProduces('application/xml')
  @ApiResponse({ status: 200, description: 'iati-activities, valid against the 2.03 schema' })
  @ApiResponse({ status: 404, description: 'No agreement to export' })
  async export(
    @CurrentActor() actor: Actor,
    @Query('node') node: string | undefined,
    @Query('asOf') asOf: string | undefined,
    @Res() response: StreamingResponse,
  ): Promise<void> {
    const chunks = exportIati(this.store, {
      actor,
      publisherRef: this.options.publisherRef,
      ...(node !== undefined && { node: parseNodeId(node, 'node') }),
      ...(asOf !== undefined && { asOf: new Date(parseInstant(asOf, 'asOf')) }),
    });
    // The first chunk is produced only once an activity is found: errors still become problems.
    let first: IteratorResult<string>;
    try {
      first = await chunks.next();
    } catch (error) {
      if (error instanceof NothingToExportError)
        throw new ProblemException({
          status: 404,
          code: 'NOT_FOUND',
          title: 'Not found',
          detail: error.message,
        });
      throw error;
    }
    response.status(200).setHeader('Content-Type', 'application/xml; charset=utf-8');
    const rest = Readable.from(prepend(first.value as string, chunks));
    // A failure mid-stream can only cut the document short; it is logged by the caller's pipe.
    rest.on('error', (error) => (response as unknown as { destroy(e: Error): void }).destroy(error as Error));
    rest.pipe(response);
  }
}

async function* prepend(first: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}
