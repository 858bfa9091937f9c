import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { HttpRequest, HttpResponse } from './http-types.js';
import { errorToProblem } from './error-to-problem.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

/** The one HTTP exception filter: every error leaves as RFC 9457 `application/problem+json`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const problem = errorToProblem(error, request.originalUrl ?? request.url);
    if (problem.status >= 500) this.logger.error(`${request.method} ${request.originalUrl}`, error as Error);
    if (response.headersSent) return;
    if (problem.status === 401) response.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
    if (typeof problem.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
