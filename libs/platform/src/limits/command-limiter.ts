import { Module, type DynamicModule } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ProblemException } from '../http/problem.js';
import type { Actor } from '../node-context.js';

export const COMMAND_LIMITER = Symbol('COMMAND_LIMITER');

/** KETNOI_COMMAND_RATE_LIMIT's default: far above what a person types, well below a runaway loop. */
export const DEFAULT_COMMANDS_PER_MINUTE = 600;

/**
 * Commands per verified caller per minute. The bucket is the caller the token resolved to (its
 * node and subject), never the header's spelling: `bearer`, `BEARER` or two spaces are the same
 * caller, and a fresh token of the same subject does not buy a fresh bucket.
 */
export class CommandLimiter {
  private readonly buckets: RateLimiterMemory;

  constructor(readonly commandsPerMinute: number = DEFAULT_COMMANDS_PER_MINUTE) {
    this.buckets = new RateLimiterMemory({ points: commandsPerMinute, duration: 60 });
  }

  /** Takes one command from `actor`'s bucket; 429 with the seconds to wait when it is empty. */
  async consume(actor: Actor): Promise<void> {
    // Node ids are [a-z0-9-]: the slash cannot be part of one, so no two callers share a key.
    try {
      await this.buckets.consume(`${actor.node}/${actor.subject}`);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new ProblemException({
        status: 429,
        code: 'RATE_LIMITED',
        title: 'Too many commands',
        detail: `More than ${this.commandsPerMinute} commands in a minute from ${actor.subject} of ${actor.node}; retry in ${retryAfterSeconds} s.`,
        extensions: { retryAfterSeconds },
      });
    }
  }
}

/**
 * The node's one command limiter, shared by every edge that records (REST and gRPC draw on the
 * same bucket). Apps that leave it out still get `DEFAULT_COMMANDS_PER_MINUTE` (see the guard).
 */
@Module({})
export class CommandLimitModule {
  static forRoot(options: { readonly commandsPerMinute?: number } = {}): DynamicModule {
    return {
      module: CommandLimitModule,
      global: true,
      providers: [{ provide: COMMAND_LIMITER, useValue: new CommandLimiter(options.commandsPerMinute) }],
      exports: [COMMAND_LIMITER],
    };
  }
}
