import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { LogLevel } from '@ketnoi/config';
import { JsonLogger, requestLog } from './json-logger.js';
import { assignRequestId } from './request-id.js';

/** Probes and scrapes every few seconds would drown the request log. */
export const QUIET_PATHS = ['/health/', '/metrics'];

const HTTP_LOGGER = Symbol('pino-http middleware');

/**
 * Nest's own start-up lines (each module initialised, each route mapped: some 68 lines a start)
 * go out at debug: at the default level a node prints its one ready line, and `LOG_LEVEL=debug`
 * shows them again.
 */
export const FRAMEWORK_START_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
]);

const INFO = 30;

/** pino's logMethod hook: an info line from a framework start-up context is logged at debug. */
function frameworkStartAtDebug(
  this: { debug: (...args: unknown[]) => void },
  args: unknown[],
  method: (...args: unknown[]) => void,
  level: number,
): void {
  // JsonLogger passes the Nest context as `context` in the first argument.
  const context = (args[0] as { context?: unknown } | null)?.context;
  if (level === INFO && typeof context === 'string' && FRAMEWORK_START_CONTEXTS.has(context)) {
    this.debug(...args);
    return;
  }
  method.apply(this, args);
}

/**
 * JSON logs through pino (one object per line on stdout), each request logged once with its
 * request id, which every log line written while handling it also carries.
 * `app.useLogger(app.get(JsonLogger))` sends Nest's own logging there too, its start-up
 * chatter at debug (`FRAMEWORK_START_CONTEXTS`).
 */
@Module({})
export class LoggingModule implements NestModule {
  /** `destination`: where the lines go, stdout unless given (a test reads them there). */
  static forRoot(options: {
    level: LogLevel;
    nodeId: string;
    destination?: DestinationStream;
  }): DynamicModule {
    // `never`: no custom levels (else the levels customLogLevel returns would be taken for some).
    const http = pinoHttp<IncomingMessage, ServerResponse, never>({
      level: options.level,
      base: { node: options.nodeId },
      genReqId: assignRequestId,
      customAttributeKeys: { reqId: 'requestId' },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      hooks: { logMethod: frameworkStartAtDebug },
      // A 500 is the line an operator looks for: at error level, with the filter's `res.err`.
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => QUIET_PATHS.some((path) => req.url?.startsWith(path) ?? false) },
      ...(options.destination ? { stream: options.destination } : {}),
    });
    return {
      module: LoggingModule,
      providers: [
        { provide: HTTP_LOGGER, useValue: http },
        { provide: JsonLogger, useValue: new JsonLogger(http.logger) },
      ],
      exports: [JsonLogger],
    };
  }

  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  configure(consumer: MiddlewareConsumer): void {
    const inRequestLog = (req: IncomingMessage, _res: ServerResponse, next: () => void) =>
      requestLog.run(req.log, next);
    // '{/*splat}': every path, the root included, in express 5's path-to-regexp syntax.
    consumer.apply(this.http, inRequestLog).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
