import {
  applyDecorators,
  Body,
  Controller,
  HttpCode,
  Inject,
  Param,
  Post,
  Res,
  UseGuards,
  UseInterceptors,
  type Type,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, RateLimitedCommand, type HttpResponse } from '@ketnoi/platform';
import { v7 as uuidv7 } from 'uuid';
import { NODE_ID_PATTERN } from '@ketnoi/domain';
import type { AgreementParams, AnyCommandSlice } from '../commands/index.js';
import { CommandDispatcher, type CommandRequest } from '../pipeline/command-dispatcher.js';
import { CommandAccepted, commandAccepted, etagOf } from './command-accepted.dto.js';
import { CommandRequestContext, CORRELATION_ID_PATTERN, IF_MATCH_PATTERN } from './command-request.decorator.js';
import { IDEMPOTENCY_KEY_PATTERN, IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';

type Route = (
  this: { readonly dispatcher: CommandDispatcher },
  params: AgreementParams,
  body: object,
  request: CommandRequest,
  response: HttpResponse,
) => Promise<CommandAccepted>;

/**
 * Builds the REST controller of the write API from the command slices: one `POST` route per
 * slice, each with its own validated body and path parameters, OpenAPI description,
 * `If-Match`, `Idempotency-Key`, `ETag` and (on creation) `Location`. The routes differ only by
 * their slice, so they are generated instead of written nineteen times.
 */
export function createCommandController(slices: readonly AnyCommandSlice[]): Type<unknown> {
  @ApiTags('agreements')
  @Controller('v1/agreements')
  @UseGuards(ActorGuard)
  class AgreementCommandsController {
    constructor(@Inject(CommandDispatcher) readonly dispatcher: CommandDispatcher) {}
  }
  for (const slice of slices) defineRoute(AgreementCommandsController.prototype, slice);
  return AgreementCommandsController;
}

function defineRoute(prototype: object, slice: AnyCommandSlice): void {
  const method = slice.rpc.charAt(0).toLowerCase() + slice.rpc.slice(1);
  const route: Route = async function (params, body, request, response) {
    const target = slice.creates ? { agreementId: uuidv7() } : params;
    const outcome = await this.dispatcher.dispatch(slice, target, body, request);
    response.setHeader('ETag', etagOf(outcome.revision));
    if (slice.creates) response.setHeader('Location', `/v1/agreements/${outcome.agreementId}`);
    return commandAccepted(outcome);
  };
  Object.defineProperty(prototype, method, { value: route, writable: true, configurable: true });
  // What TypeScript would emit for a written method: the pipes read the DTO classes from here.
  Reflect.defineMetadata('design:paramtypes', [slice.params, slice.body, Object, Object], prototype, method);
  Reflect.defineMetadata('design:returntype', Promise, prototype, method);
  if (!slice.creates) Param()(prototype, method, 0);
  Body()(prototype, method, 1);
  CommandRequestContext()(prototype, method, 2);
  Res({ passthrough: true })(prototype, method, 3);
  const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
  routeDecorators(slice, method)(prototype, method, descriptor);
}

function descriptionOf(slice: AnyCommandSlice): string {
  const recorded = slice.creates
    ? 'The server makes the agreement id (a UUIDv7), named by the Location header; this node becomes the ' +
      'home of the agreement, so it must be one of the parties.'
    : 'Checked against the agreement rules at its current revision; with If-Match, refused (409) when the ' +
      'agreement changed since that revision.';
  return `${slice.summary}. ${recorded} The answer names the new revision (also the ETag) and the global position, to pass as minPosition to a read.`;
}

function routeDecorators(slice: AnyCommandSlice, operationId: string): MethodDecorator {
  const status = slice.creates ? 201 : 200;
  const path = slice.creates ? '' : `:agreementId/${slice.path}`;
  const pathParams = [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  return applyDecorators(
    Post(path),
    ...pathParams.map((name) =>
      ApiParam({
        name,
        schema: name === 'nodeId' ? { type: 'string', pattern: NODE_ID_PATTERN.source } : { type: 'string', format: 'uuid' },
      }),
    ),
    HttpCode(status),
    RateLimitedCommand(),
    UseInterceptors(IdempotencyInterceptor),
    ApiOperation({ summary: slice.summary, description: descriptionOf(slice), operationId }),
    ApiBody({ type: slice.body }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry of this command a no-op: the same key with the same body answers the first answer ' +
        'again; with another body, 422. 1 to 255 visible ASCII characters.',
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, minLength: 1, maxLength: 255 },
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Recorded as the correlationId of the events (a new one when absent)',
      schema: { type: 'string', pattern: CORRELATION_ID_PATTERN.source, minLength: 1, maxLength: 128 },
    }),
    ...(slice.creates
      ? []
      : [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description: 'ETag of the revision read, e.g. "3" (also W/"3" or 3); `*` or none: whatever it is now',
            schema: { type: 'string', pattern: IF_MATCH_PATTERN.source, example: '"3"' },
          }),
        ]),
    ApiResponse({ status, type: CommandAccepted, description: 'Recorded; ETag holds the new revision' }),
    ApiResponse({ status: 400, description: 'Invalid input; every bad field is named (problem+json)' }),
    ...(slice.creates ? [] : [ApiResponse({ status: 404, description: 'No such agreement' })]),
    ApiResponse({ status: 409, description: 'Stale If-Match revision (current revision in the body)' }),
    ApiResponse({ status: 422, description: 'Refused by the agreement rules (illegal transition, ...)' }),
    ApiResponse({ status: 429, description: 'More commands than the limit per minute for this caller (Retry-After)' }),
  );
}
