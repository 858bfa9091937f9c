import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ActorGuard } from '../http/current-actor.js';
import type { HttpRequest } from '../http/http-types.js';
import { isApiPath } from '../limits/authenticate-before-body.js';

/**
 * Every `/v1` route wants a caller, whatever its controller declares: a route added later cannot
 * be left open by forgetting a guard. Health, metrics, the OpenAPI document and the web UI's
 * static files stay public. The caller is resolved by ActorGuard's code, so a controller mounted
 * without AuthModule (a test app with a fixed resolver) and a served node resolve it the same way.
 */
@Injectable()
export class AuthenticationGuard extends ActorGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    // Routing ignores case: `/V1/...` is an API path too.
    if (!isApiPath(request.originalUrl ?? request.url ?? '')) return true;
    return super.canActivate(context);
  }
}
