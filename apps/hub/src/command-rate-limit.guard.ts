import { createHash } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { KETNOI_CONFIG, type KetnoiConfig } from '@ketnoi/config';
import { ProblemException } from '@ketnoi/platform';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Rate limit per token on commands (POST under /v1/agreements): a runaway script with one token
 * gets 429 with Retry-After, other callers are unaffected. Reads are not limited here.
 */
@Injectable()
export class CommandRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterMemory;

  constructor(@Inject(KETNOI_CONFIG) config: KetnoiConfig) {
    this.limiter = new RateLimiterMemory({ points: config.commandRateLimit, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<{
      method: string;
      originalUrl?: string;
      url: string;
      ip?: string;
      headers: Record<string, string | undefined>;
    }>();
    if (request.method !== 'POST' || !(request.originalUrl ?? request.url).startsWith('/v1/agreements')) return true;
    // The token, hashed: the same caller whether or not authentication ran first; never kept raw.
    const token = request.headers['authorization'];
    const caller = token ? createHash('sha256').update(token).digest('base64url') : (request.ip ?? 'anonymous');
    try {
      await this.limiter.consume(caller);
      return true;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new ProblemException({
        status: 429,
        code: 'RATE_LIMITED',
        title: 'Too many commands',
        detail: `More than the allowed commands per minute for this token; retry in ${retryAfterSeconds} s.`,
        extensions: { retryAfterSeconds },
      });
    }
  }
}
