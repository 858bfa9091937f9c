import {
  createParamDecorator,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Actor } from '../node-context.js';
import type { HttpRequest } from './http-types.js';

/**
 * Who is calling: AuthModule's JWT resolver in every served process, a fixed actor in tests
 * (fixedActorModule). It receives the request's headers (HTTP) or metadata (gRPC) as a plain record.
 */
export interface ActorResolver {
  resolve(headers: Readonly<Record<string, string | string[] | undefined>>): Actor | Promise<Actor>;
}

export const ACTOR_RESOLVER = Symbol('ACTOR_RESOLVER');

type RequestWithActor = HttpRequest & { actor?: Actor };

/**
 * Resolves the caller once per request, before interceptors (idempotency keys are per actor). In a
 * served node AuthModule's global AuthenticationGuard (this guard, on `/v1` routes) has already
 * resolved it; a controller's own `@UseGuards(ActorGuard)` is what resolves it in a test app that
 * mounts the controller with only a resolver.
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(@Inject(ACTOR_RESOLVER) private readonly resolver: ActorResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    // Resolved once: usually before the body was read (limits/authenticate-before-body.ts).
    request.actor ??= await this.resolver.resolve(request.headers);
    return true;
  }
}

/** The caller's Actor; the route (or its controller) must be guarded by `ActorGuard`. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  return actorOf(context.switchToHttp().getRequest<RequestWithActor>());
});

export function actorOf(request: RequestWithActor): Actor {
  if (!request.actor) throw new Error('no actor on the request: guard the route with ActorGuard');
  return request.actor;
}
