import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LogLevel } from '@ketnoi/config';
import { assignRequestId } from './request-id.js';

/** Probes and scrapes every few seconds would drown the request log. */
export const QUIET_PATHS = ['/health/', '/metrics'];

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
  // nestjs-pino (4.x and 5.x) passes the Nest context as `context` in the first argument.
  const context = (args[0] as { context?: unknown } | null)?.context;
  if (level === INFO && typeof context === 'string' && FRAMEWORK_START_CONTEXTS.has(context)) {
    this.debug(...args);
    return;
  }
  method.apply(this, args);
}

/**
 * JSON logs through pino (one object per line on stdout), each request logged once with its
 * request id, which every log line written while handling it also carries. Nest's start-up
 * chatter at debug (`FRAMEWORK_START_CONTEXTS`).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: { level: LogLevel; nodeId: string }): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { node: options.nodeId },
            genReqId: assignRequestId,
            customAttributeKeys: { reqId: 'requestId' },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            hooks: { logMethod: frameworkStartAtDebug },
            // A 500 is the line an operator looks for: at error level, with the filter's `res.err`.
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
            autoLogging: { ignore: (req) => QUIET_PATHS.some((path) => req.url?.startsWith(path) ?? false) },
          },
        }),
      ],
    };
  }
}
