import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LogLevel } from '@ketnoi/config';
import { assignRequestId } from './request-id.js';

/** Probes and scrapes every few seconds would drown the request log. */
export const QUIET_PATHS = ['/health/', '/metrics'];

/**
 * JSON logs through pino (one object per line on stdout), each request logged once with its
 * request id, which every log line written while handling it also carries.
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
            // A 500 is the line an operator looks for: at error level, with the filter's `res.err`.
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
            autoLogging: { ignore: (req) => QUIET_PATHS.some((path) => req.url?.startsWith(path) ?? false) },
          },
        }),
      ],
    };
  }
}
