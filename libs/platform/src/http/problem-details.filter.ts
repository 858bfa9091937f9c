import { Catch, Logger, type ArgumentsHost, type ExceptionFilter, type INestApplication } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { StorageFaults } from '../health/storage-faults.js';
import { QUIET_PATHS } from '../logging/logging.module.js';
import { requestIdOf } from '../logging/request-id.js';
import type { HttpRequest, HttpResponse } from './http-types.js';
import { errorToProblem } from './error-to-problem.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

/** pino-http's logger on a request, when the LoggingModule is in the app. */
type LoggedRequest = HttpRequest & { log?: { error(obj: object, msg: string): void } };

/** The one HTTP exception filter: every error leaves as RFC 9457 `application/problem+json`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  /** @param faults told of every 500 caused by unreadable storage, so readiness reports it */
  constructor(private readonly faults?: StorageFaults) {}

  /** The filter of `app`, wired to its StorageFaults when the app has the HealthModule. */
  static for(app: INestApplication): ProblemDetailsFilter {
    let faults: StorageFaults | undefined;
    try {
      // Through ModuleRef, not `app.get`: the app is wrapped so that a throwing call aborts the
      // process (Nest's abortOnError), and an app without the HealthModule has no StorageFaults.
      faults = app.get(ModuleRef).get(StorageFaults, { strict: false });
    } catch {
      faults = undefined; // an app without /health: nothing to report to
    }
    return new ProblemDetailsFilter(faults);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<LoggedRequest>();
    const response = http.getResponse<HttpResponse>();
    const problem = errorToProblem(error, request.originalUrl ?? request.url);
    if (problem.status >= 500) {
      this.faults?.notice(error);
      this.logServerError(request, response, error);
    }
    if (response.headersSent) return;
    if (problem.status === 401) response.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
    if (typeof problem.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  /**
   * One line per 500, with the error's stack and the request id. pino-http writes one line per
   * request when it finishes, and takes `res.err` as that line's error: so the error goes there
   * (before, that line said only "failed with status code 500" and a second line lost the error).
   * Requests it does not log (probes, no LoggingModule) get a line of their own. Only the error's
   * name, message, code, stack and cause are kept: never the request's body or headers.
   */
  private logServerError(request: LoggedRequest, response: HttpResponse, error: unknown): void {
    const err = loggable(error);
    const path = request.originalUrl ?? request.url;
    if (request.log && !QUIET_PATHS.some((quiet) => path.startsWith(quiet))) {
      (response as HttpResponse & { err?: Error }).err = err;
      return;
    }
    const requestId = requestIdOf(request as unknown as IncomingMessage);
    if (request.log) request.log.error({ err, requestId }, `${request.method} ${path} errored`);
    else this.logger.error(`${request.method} ${path} errored (request ${requestId ?? 'without id'})`, err.stack);
  }
}

function loggable(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const copy = new Error(error.message);
  copy.name = error.name;
  copy.stack = error.stack ?? `${error.name}: ${error.message}`;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  if (error.cause !== undefined && depth < 3) copy.cause = loggable(error.cause, depth + 1);
  return copy;
}
