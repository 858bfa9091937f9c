import { HttpException, HttpStatus } from '@nestjs/common';
import {
  domainErrorCategory,
  isDomainError,
  type DomainError,
  type DomainErrorCategory,
} from '@ketnoi/domain';
import { ProblemException, problemType, type FieldError, type Problem, type ProblemInit } from './problem.js';

/** The domain says how to present each of its codes by a category; the edge owns the statuses. */
const DOMAIN_CATEGORIES: Readonly<Record<DomainErrorCategory, { status: number; title: string }>> = {
  INVALID_INPUT: { status: 400, title: 'Invalid value' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflict' },
  RULE_VIOLATION: { status: 422, title: 'Refused by the agreement rules' },
};

/**
 * Status and title per error code of the event store (`EventStoreError`). Matched on `code`
 * rather than on classes so that this platform library does not depend on the event store
 * (which may one day depend on the platform).
 */
const KNOWN_CODES: Readonly<Record<string, { status: number; title: string }>> = {
  STREAM_NOT_FOUND: { status: 404, title: 'Not found' },
  WRONG_EXPECTED_REVISION: { status: 409, title: 'Stale revision' },
  DUPLICATE_EVENT_ID: { status: 409, title: 'Duplicate event' },
  STORE_UNAVAILABLE: { status: 503, title: 'Event store unavailable' },
  // A rebuild refused because the log contradicts itself: the admin must see why (its message
  // names what was found and `ketnoi audit verify`), not a bare 500.
  LOG_INCONSISTENT: { status: 409, title: 'Event log inconsistent' },
};

interface CodedError extends Error {
  readonly code: string;
  readonly reason?: unknown;
  readonly field?: unknown;
  readonly actual?: unknown;
  readonly streamId?: unknown;
}

const isCodedError = (error: unknown): error is CodedError =>
  error instanceof Error && typeof (error as { code?: unknown }).code === 'string';

/**
 * Maps any error to the problem the client sees. Unknown errors become a 500 without their
 * message (it may hold internals); the caller logs those.
 */
export function errorToProblem(error: unknown, instance?: string): Problem {
  return withInstance(describe(error), instance);
}

function describe(error: unknown): ProblemInit {
  if (error instanceof ProblemException) return error.problem;
  if (isDomainError(error)) return fromDomainError(error);
  if (isCodedError(error)) {
    const known = KNOWN_CODES[error.code];
    if (known) return fromCodedError(error, known);
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return { status: 500, code: 'INTERNAL', title: 'Internal error', detail: 'An unexpected error occurred.' };
}

function fromDomainError(error: DomainError): ProblemInit {
  const { status, title } = DOMAIN_CATEGORIES[domainErrorCategory(error.code)];
  const specific = error.code === 'ILLEGAL_TRANSITION' ? 'Illegal transition' : title;
  return {
    status,
    code: error.code,
    title: specific,
    detail: error.reason,
    ...(error.field ? { errors: [{ field: error.field, message: error.reason }] } : {}),
  };
}

function fromCodedError(error: CodedError, known: { status: number; title: string }): ProblemInit {
  const detail = typeof error.reason === 'string' ? error.reason : error.message;
  const field = typeof error.field === 'string' ? error.field : undefined;
  const errors: FieldError[] | undefined = field ? [{ field, message: detail }] : undefined;
  if (error.code === 'WRONG_EXPECTED_REVISION') {
    const current = typeof error.actual === 'number' ? error.actual : undefined;
    return {
      status: known.status,
      code: error.code,
      title: known.title,
      detail:
        current === undefined
          ? 'The agreement changed since the revision you read; read it again and retry.'
          : `The agreement is at revision ${current}; read it again and retry.`,
      ...(current === undefined ? {} : { extensions: { currentRevision: current } }),
    };
  }
  return {
    status: known.status,
    code: error.code,
    title: known.title,
    detail,
    ...(errors ? { errors } : {}),
  };
}

/** Nest's own exceptions: unknown routes (404), body-parser failures (400 malformed JSON, 413 too large). */
function fromHttpException(error: HttpException): ProblemInit {
  const status = error.getStatus();
  const cause = error.cause;
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
    return {
      status,
      code: 'PAYLOAD_TOO_LARGE',
      title: 'Request body too large',
      detail: 'The request body is larger than the limit of 1 MiB.',
    };
  }
  if (status === HttpStatus.BAD_REQUEST && cause instanceof SyntaxError) {
    return {
      status,
      code: 'MALFORMED_JSON',
      title: 'Malformed JSON',
      detail: `The request body is not valid JSON: ${cause.message}`,
      errors: [{ field: 'body', message: 'is not valid JSON' }],
    };
  }
  // Express's router cannot decode a path segment (`%FF`, a bare `%`): it fails before the route,
  // so its parameter names are unknown and the problem names the path.
  if (status === HttpStatus.BAD_REQUEST && cause instanceof URIError) {
    return {
      status,
      code: 'INVALID_REQUEST',
      title: 'Invalid request',
      detail: 'The request path has a segment that is not percent-encoded UTF-8.',
      errors: [{ field: 'path', message: 'has a segment that is not percent-encoded UTF-8' }],
    };
  }
  if (status === HttpStatus.NOT_FOUND) {
    return { status, code: 'NOT_FOUND', title: 'Not found', detail: messageOf(error) };
  }
  const code = status >= 500 ? 'INTERNAL' : (HttpStatus[status] ?? 'HTTP_ERROR');
  return {
    status,
    code,
    title: titleOf(status),
    detail: status >= 500 ? 'An unexpected error occurred.' : messageOf(error),
  };
}

function messageOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return error.message;
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word, i) => (i === 0 ? word[0]!.toUpperCase() + word.slice(1) : word))
    .join(' ');
}

function withInstance(init: ProblemInit, instance: string | undefined): Problem {
  return {
    type: problemType(init.code),
    title: init.title,
    status: init.status,
    detail: init.detail,
    code: init.code,
    ...(instance ? { instance } : {}),
    ...(init.errors ? { errors: init.errors } : {}),
    ...init.extensions,
  };
}
