import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { errorToProblem, type Problem } from '@ketnoi/platform';
import { throwError, type Observable } from 'rxjs';

/** A gRPC status error as @grpc/grpc-js's server callback takes it. */
export interface GrpcStatusError extends Error {
  readonly code: status;
  readonly details: string;
  readonly metadata: Metadata;
}

/** The same mapping as HTTP (one table, in errorToProblem), then the HTTP status to a gRPC code. */
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

function grpcCodeOf(problem: Problem): status {
  switch (problem.status) {
    case 400:
      return status.INVALID_ARGUMENT;
    case 404:
      return status.NOT_FOUND;
    case 409:
      return problem.code === 'WRONG_EXPECTED_REVISION' || problem.code.startsWith('IDEMPOTENCY')
        ? status.ABORTED
        : status.ALREADY_EXISTS;
    case 413:
    case 429:
      return status.RESOURCE_EXHAUSTED;
    case 422:
      return status.FAILED_PRECONDITION;
    case 503:
      return status.UNAVAILABLE;
    default:
      return status.INTERNAL;
  }
}

/** The gRPC twin of ProblemDetailsFilter. */
@Catch()
export class GrpcProblemFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('Grpc');

  catch(exception: unknown): Observable<never> {
    const error = toGrpcError(exception);
    if (error.code === status.INTERNAL) this.logger.error('gRPC call failed', exception as Error);
    return throwError(() => error);
  }
}
