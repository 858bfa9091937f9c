import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { actorOf, headerValue, invalidRequest, type HttpRequest } from '@ketnoi/platform';
import { v7 as uuidv7 } from 'uuid';
import type { CommandRequest } from '../pipeline/command-dispatcher.js';

/**
 * `If-Match: "3"` (as the ETag was sent), also `W/"3"` or `3`. `*` means "whatever it is now",
 * the same as no header.
 */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!match) {
    throw invalidRequest([
      { field: 'If-Match', message: 'If-Match must be the ETag of a revision, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}

/** The forms `parseIfMatch` reads, for the OpenAPI header parameter. */
export const IF_MATCH_PATTERN = /^\s*(\*|(W\/)?"?\d{1,15}"?)\s*$/;
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const CORRELATION_ID = CORRELATION_ID_PATTERN;

export function parseCorrelationId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!CORRELATION_ID.test(value)) {
    throw invalidRequest([
      {
        field: 'X-Correlation-Id',
        message: 'X-Correlation-Id must be 1 to 128 letters, digits, ".", "_", ":" or "-"',
      },
    ]);
  }
  return value;
}

/** The request's context for a command: actor, clock, `If-Match`, correlation. */
export const CommandRequestContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandRequest => {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const requestId = uuidv7();
    const expectedRevision = parseIfMatch(headerValue(request, 'If-Match'));
    return {
      actor: actorOf(request),
      now: new Date().toISOString(),
      correlationId: parseCorrelationId(headerValue(request, 'X-Correlation-Id')) ?? requestId,
      requestId,
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
    };
  },
);
