import { PayloadTooLargeException, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from '@ketnoi/config';
import { authenticateBeforeBody } from '../limits/authenticate-before-body.js';
import { limitServer } from '../limits/server-limits.js';
import type { HttpRequest } from './http-types.js';
import { parseJsonBody, requireJsonBody } from './json-body.js';
import { BEARER_SCHEME, completeOpenApiDocument } from './openapi-contract.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { createValidationPipe } from './validation.js';

/** Largest request body accepted; larger ones get a 413 problem before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Routes that stream a file body to disk and enforce their own size limit. */
const UPLOAD_ROUTES = new Set(['/v1/import/iati']);
// Routing ignores case and a trailing slash, so the test does too.
const isUploadRoute = (request: HttpRequest): boolean =>
  UPLOAD_ROUTES.has((request.originalUrl ?? request.url ?? '').split('?')[0]!.toLowerCase().replace(/\/+$/, ''));

export interface HttpAppOptions {
  /** @defaultValue `'Kết nối'` */
  readonly title?: string;
  /** @defaultValue `true` */
  readonly swagger?: boolean;
  /** Browser origins CORS allows; none (the default) keeps CORS closed. */
  readonly corsOrigins?: readonly string[];
  /** Timeouts and connection caps of the listener (limits/server-limits.ts). @defaultValue `DEFAULT_HTTP_LIMITS` */
  readonly limits?: HttpLimits;
}

/**
 * What every HTTP app of the hub shares (apps/hub and apps/agreements call it before `listen`):
 * security headers, CORS (closed unless origins are given), the validation pipe, the problem+json
 * filter, the 1 MiB body limit and OpenAPI at `/docs` (JSON at `/docs-json`).
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions = {}): void {
  const express = app as NestExpressApplication;
  limitServer(express.getHttpServer(), options.limits ?? DEFAULT_HTTP_LIMITS);
  // Security headers on every response. The CSP is left to the web UI's own meta tag: the
  // OpenAPI page at /docs runs inline scripts a strict global policy would block.
  express.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...options.corsOrigins],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Last-Event-ID'],
      exposedHeaders: ['ETag', 'Location', 'Retry-After'],
    });
  }
  // The caller before anything of the body: 401 without waiting for it (authenticate-before-body.ts).
  express.use(authenticateBeforeBody(app));
  // Checked on the declared length first so that a body of any content type is refused unread.
  express.use((request: HttpRequest, _response: unknown, next: (error?: unknown) => void) => {
    const length = Number(request.headers['content-length'] ?? 0);
    // File uploads (IATI import) spool to disk under their own, larger limit.
    next(length > MAX_BODY_BYTES && !isUploadRoute(request) ? new PayloadTooLargeException() : undefined);
  });
  // The one body parser: JSON only (415 otherwise), read as bytes under the limit (a chunked body
  // without a length is capped here too), parsed strictly (strict-json.ts). No form parser: no
  // route takes one. Nest would add its default json and urlencoded parsers at init otherwise.
  express.getHttpAdapter().registerParserMiddleware = () => undefined;
  express.use((request: HttpRequest, response: unknown, next: (error?: unknown) => void) =>
    isUploadRoute(request) ? next() : requireJsonBody(request, response, next),
  );
  express.useBodyParser('raw', { limit: MAX_BODY_BYTES, type: (request: HttpRequest) => !isUploadRoute(request) });
  express.use(parseJsonBody);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(ProblemDetailsFilter.for(app));
  if (options.swagger ?? true) {
    const config = new DocumentBuilder()
      .setTitle(options.title ?? 'Kết nối')
      .setDescription(
        'Event-sourced hub of international cooperation agreements. Errors are RFC 9457 problem+json.',
      )
      .setVersion('1')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A token signed by a key this node trusts (`ketnoi token --role officer --node vn-hue`)',
        },
        BEARER_SCHEME,
      )
      .addSecurityRequirements(BEARER_SCHEME)
      .build();
    // What holds for every route is added once to the built document (openapi-contract.ts).
    const document = () => completeOpenApiDocument(SwaggerModule.createDocument(app, config));
    SwaggerModule.setup('docs', app, document, {
      jsonDocumentUrl: 'docs-json',
    });
  }
}
