import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';

/** The logger pino-http gave the request being handled, so every line written meanwhile carries its id. */
export const requestLog = new AsyncLocalStorage<Pino>();

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's logger as JSON lines through pino: `log(message, context)` writes `{context, msg}`,
 * inside a request through that request's logger. It keeps the contract of nestjs-pino's
 * `Logger`, which it replaces (nestjs-pino 5 wants Node 22, 4 is CommonJS that Jest cannot
 * load beside the ESM-only NestJS 12 on Node 20): the last argument is the context, an
 * Error becomes `err`, an object is merged into the line.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: PinoLevel, message: unknown, params: unknown[]): void {
    const logger = requestLog.getStore() ?? this.root;
    const fields: Record<string, unknown> = {};
    const rest = params.slice(0, -1);
    if (params.length > 0) fields.context = params.at(-1);
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    else if (level === 'error' && typeof message === 'string' && isNestHandlersStack(rest)) {
      // Nest's exception handlers call error(message, stack, context): keep it as one error.
      const err = new Error(message);
      err.stack = rest[0];
      logger[level]({ ...fields, err });
      return;
    } else {
      logger[level](fields, String(message), ...rest);
      return;
    }
    logger[level](fields, ...(rest as [string?, ...unknown[]]));
  }
}

function isNestHandlersStack(rest: unknown[]): rest is [string] {
  return rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0]);
}
