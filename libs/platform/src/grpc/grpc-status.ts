import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { throwError, type Observable } from 'rxjs';
import { errorToProblem } from '../http/error-to-problem.js';
import type { Problem } from '../http/problem.js';

/** A gRPC status error as @grpc/grpc-js's server callback takes it. */
export interface GrpcStatusError extends Error {
  readonly code: status;
  readonly details: string;
  readonly metadata: Metadata;
}

/**
 * The HTTP status of a problem as a gRPC code: errors are mapped once (errorToProblem) and
 * every edge presents that one answer in its own protocol.
 */
const GRPC_CODES: Readonly<Record<number, status>> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  408: status.DEADLINE_EXCEEDED,
  413: status.RESOURCE_EXHAUSTED,
  415: status.INVALID_ARGUMENT,
  422: status.FAILED_PRECONDITION,
  429: status.RESOURCE_EXHAUSTED,
  503: status.UNAVAILABLE,
};

export function grpcCodeOf(problem: Problem): status {
  // A stale revision or a reused idempotency key is a concurrency conflict the client retries
  // after reading again (ABORTED); any other conflict is about what already exists.
  if (problem.status === 409)
    return problem.code === 'WRONG_EXPECTED_REVISION' || problem.code.startsWith('IDEMPOTENCY')
      ? status.ABORTED
      : status.ALREADY_EXISTS;
  return GRPC_CODES[problem.status] ?? status.INTERNAL;
}

/** Any error as the gRPC status error the client sees, with the problem's code and fields as metadata. */
export function toGrpcError(error: unknown): GrpcStatusError {
  const problem = errorToProblem(error);
  const metadata = new Metadata();
  metadata.set('ketnoi-code', problem.code);
  if (problem.errors?.length) metadata.set('ketnoi-fields', problem.errors.map((e) => e.field).join(','));
  if (typeof problem.currentRevision === 'number')
    metadata.set('ketnoi-current-revision', String(problem.currentRevision));
  const details = problem.errors?.length
    ? `${problem.detail} [${problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}]`
    : problem.detail;
  return Object.assign(new Error(details), { code: grpcCodeOf(problem), details, metadata });
}

/** The gRPC twin of ProblemDetailsFilter, for every gRPC controller. */
@Catch()
export class GrpcProblemFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('Grpc');

  catch(exception: unknown): Observable<never> {
    const error = toGrpcError(exception);
    if (error.code === status.INTERNAL) this.logger.error('gRPC call failed', exception as Error);
    return throwError(() => error);
  }
}
