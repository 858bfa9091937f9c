import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Metrics } from './metrics.js';

/** What Express adds to the request once a route matched (the project has no @types/express). */
type RoutedRequest = IncomingMessage & {
  readonly route?: { readonly path?: unknown };
  readonly baseUrl?: string;
};

/** Times every HTTP request and records it under its route template once the response is sent. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(req: RoutedRequest, res: ServerResponse, next: () => void): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeHttpRequest(routeOf(req), req.method ?? 'UNKNOWN', res.statusCode, seconds);
    });
    next();
  }
}

/**
 * Express sets `req.route` when a handler matched. Nest answers unknown paths from a catch-all
 * route (`/*path`): those, and anything without a route, share one label.
 */
function routeOf(req: RoutedRequest): string {
  const path = req.route?.path;
  return typeof path === 'string' && !path.startsWith('/*') ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
}
