import {
  applyDecorators,
  Inject,
  Injectable,
  Optional,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ACTOR_RESOLVER, type ActorResolver } from '../http/current-actor.js';
import type { HttpRequest } from '../http/http-types.js';
import type { Actor } from '../node-context.js';
import { COMMAND_LIMITER, CommandLimiter } from './command-limiter.js';

/** gRPC call metadata, as much of @grpc/grpc-js's `Metadata` as the guard reads. */
interface CallMetadata {
  get(key: string): Array<string | Buffer>;
}

/**
 * Takes one command from the verified caller's bucket before the handler, its pipes and its
 * interceptors run. Placed on handlers (`@RateLimitedCommand()`), not matched on paths: whatever
 * spelling of a URL routing accepts, or whichever edge the call came through, the same handler
 * costs the same bucket. The caller is authenticated first, so a request without a valid token
 * is refused 401 and costs no bucket.
 */
@Injectable()
export class CommandRateLimitGuard implements CanActivate {
  private readonly limiter: CommandLimiter;

  constructor(
    @Inject(ACTOR_RESOLVER) private readonly resolver: ActorResolver,
    // An app that composes commands without CommandLimitModule still gets the default limit.
    @Optional() @Inject(COMMAND_LIMITER) limiter?: CommandLimiter,
  ) {
    this.limiter = limiter ?? new CommandLimiter();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limiter.consume(await this.callerOf(context));
    return true;
  }

  private async callerOf(context: ExecutionContext): Promise<Actor> {
    if (context.getType() === 'rpc') {
      const authorization = context.switchToRpc().getContext<CallMetadata>().get('authorization')[0];
      return this.resolver.resolve({ authorization: authorization?.toString() });
    }
    const request = context.switchToHttp().getRequest<HttpRequest & { actor?: Actor }>();
    // Usually resolved already, before the body was read (authenticate-before-body.ts).
    return (request.actor ??= await this.resolver.resolve(request.headers));
  }
}

/** Marks a command handler (REST route or gRPC method) as drawing on the caller's command bucket. */
export const RateLimitedCommand = (): MethodDecorator => applyDecorators(UseGuards(CommandRateLimitGuard));
