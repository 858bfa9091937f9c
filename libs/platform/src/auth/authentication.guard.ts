import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../node-context.js';
import { ACTOR_RESOLVER, type ActorResolver } from '../http/current-actor.js';
import type { HttpRequest } from '../http/http-types.js';
import { isApiPath } from '../limits/authenticate-before-body.js';

/**
 * Every `/v1` route wants a caller, whatever its controller declares: a route added later cannot
 * be left open by forgetting a guard. Health, metrics, the OpenAPI document and the web UI's
 * static files stay public.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(@Inject(ACTOR_RESOLVER) private readonly resolver: ActorResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest & { actor?: Actor }>();
    // Routing ignores case: `/V1/...` is an API path too.
    if (!isApiPath(request.originalUrl ?? request.url ?? '')) return true;
    request.actor ??= await this.resolver.resolve(request.headers);
    return true;
  }
}
