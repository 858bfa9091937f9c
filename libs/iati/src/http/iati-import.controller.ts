import { Controller, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { parseCountry } from '@ketnoi/domain';
import { CommandBus } from '@nestjs/cqrs';
import { executeOnBus } from '@ketnoi/agreements';
import {
  ActorGuard,
  CurrentActor,
  NODE_CONTEXT,
  ProblemException,
  type Actor,
  type HttpResponse,
  type NodeContext,
  actorOnNode,
  requireRole,
} from '@ketnoi/platform';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { importIati } from '../import/import-iati.js';
import { IatiFileError } from '../import/iati-file-error.js';
import { fileProblem } from './iati-file-problem.js';
import { IATI_OPTIONS, type IatiModuleOptions } from './iati-options.js';

type StreamingResponse = HttpResponse & NodeJS.WritableStream;

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

@ApiTags('iati')
@Controller('v1/import/iati')
@UseGuards(ActorGuard)
export class IatiImportController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(NODE_CONTEXT) private readonly node: NodeContext,
    @Inject(IATI_OPTIONS) private readonly options: IatiModuleOptions,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Draft one agreement per activity of an IATI 2.03 file (the request body), with a report',
    operationId: 'importIati',
  })
  @ApiConsumes('application/xml')
  @ApiQuery({
    name: 'defaultCountry',
    required: false,
    description: 'country of organisations the file does not place',
  })
  @ApiResponse({ status: 200, description: '{ activities: [per-activity report], summary }, streamed' })
  @ApiResponse({
    status: 400,
    description:
      'Refused, nothing recorded: a DTD or entity (UNSAFE_XML), not well-formed (MALFORMED_XML) or not valid IATI 2.03 (INVALID_IATI_FILE); each problem names the activity, line and element',
  })
  @ApiResponse({ status: 403, description: 'Only officers and admins of this node import' })
  async import(
    @CurrentActor() actor: Actor,
    @Query('defaultCountry') defaultCountry: string | undefined,
    @Req() request: Readable,
    @Res() response: StreamingResponse,
  ): Promise<void> {
    // Drafts are written with this node as home: only this node's officers may cause that.
    const importer = actorOnNode(actor, this.node.nodeId);
    requireRole(
      importer,
      ['officer', 'admin'],
      `import IATI activities (importing drafts agreements homed at ${this.node.nodeId})`,
    );
    const country =
      defaultCountry === undefined
        ? (this.options.defaultCountry ?? 'VN')
        : parseCountry(defaultCountry, 'defaultCountry');
    // xmllint validates a file, and the whole file must pass before anything is recorded: spool it.
    const file = join(this.options.spoolDir ?? tmpdir(), `ketnoi-iati-${randomUUID()}.xml`);
    try {
      await pipeline(
        request,
        limitBytes(this.options.maxImportBytes ?? DEFAULT_MAX_BYTES),
        createWriteStream(file),
      );
      let written = 0;
      const summary = await importIati(executeOnBus(this.bus), file, {
        actor: importer,
        node: {
          nodeId: this.node.nodeId,
          defaultCountry: country,
          ...(this.options.nodeName !== undefined && { name: this.options.nodeName }),
          ...(this.options.nodeRole !== undefined && { role: this.options.nodeRole }),
        },
        // Headers go out with the first report, after the schema check: a refused file is a 400.
        onActivity: async (report) => {
          if (written === 0) {
            response.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
            response.write('{"activities":[\n');
          }
          await writeChunk(response, (written++ === 0 ? '' : ',\n') + JSON.stringify(report));
        },
      });
      if (written === 0) {
        response.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
        response.write('{"activities":[');
      }
      response.end(`\n],"summary":${JSON.stringify(summary)}}\n`);
    } catch (error) {
      if (error instanceof IatiFileError) throw fileProblem(error);
      // Once the report has started the status is sent: cutting the body short is all that is left.
      if (response.headersSent)
        return void (response as unknown as { destroy(e: unknown): void }).destroy(error);
      throw error;
    } finally {
      await rm(file, { force: true });
    }
  }
}

/** Refuses an upload past `max` bytes, naming the limit. */
function limitBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max)
        return callback(
          new ProblemException({
            status: 413,
            code: 'PAYLOAD_TOO_LARGE',
            title: 'Payload too large',
            detail: `an IATI file may have at most ${max} bytes`,
          }),
        );
      callback(null, chunk);
    },
  });
}

/** Writes with backpressure, so a slow client slows the import instead of filling memory. */
function writeChunk(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  return stream.write(chunk)
    ? Promise.resolve()
    : new Promise((resolve) => stream.once('drain', () => resolve()));
}
