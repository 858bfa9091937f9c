import type { INestApplication } from '@nestjs/common';
import { ACTOR_RESOLVER, type ActorResolver } from '../http/current-actor.js';
import type { HttpRequest, HttpResponse } from '../http/http-types.js';
import { hasBody } from '../http/json-body.js';
import type { Actor } from '../node-context.js';

type Middleware = (request: HttpRequest & { actor?: Actor }, response: HttpResponse, next: (error?: unknown) => void) => void;

/**
 * Whether a request is for the API, where every route wants a caller. Routing ignores case
 * (`/V1/agreements` is served), so this test does too.
 */
export const isApiPath = (url: string): boolean => /^\/v1(?:[/?#]|$)/i.test(url);

/**
 * Express middleware, registered before any body parser: verifies the bearer token of every
 * `/v1` request with the app's ActorResolver (the same one the guards use) and answers 401
 * problem+json before a byte of the body is read. Otherwise anyone could make the node wait for
 * a slow body (up to the request timeout) without a token. The caller is kept on the request, so
 * the guards do not verify the token again.
 */
export function authenticateBeforeBody(app: INestApplication): Middleware {
  const resolver = resolverOf(app);
  if (!resolver) return (_request, _response, next) => next();
  return (request, response, next) => {
    // Preflights carry no credentials by design (CORS answers them before this runs when enabled).
    if (request.method === 'OPTIONS' || !isApiPath(request.originalUrl ?? request.url)) return next();
    Promise.resolve()
      .then(() => resolver.resolve(request.headers))
      .then(
        (actor) => {
          request.actor = actor;
          next();
        },
        (error: unknown) => {
          // The body will never be read: close the socket after the answer instead of draining it.
          if (hasBody(request)) response.setHeader('Connection', 'close');
          next(error);
        },
      );
  };
}

/** The app's resolver; an app without one (no `/v1` routes of its own) has nothing to check here. */
function resolverOf(app: INestApplication): ActorResolver | undefined {
  try {
    return app.get<ActorResolver>(ACTOR_RESOLVER, { strict: false });
  } catch (error) {
    // Nest's UnknownElementException is not exported from @nestjs/core's entry point.
    if (error instanceof Error && error.constructor.name === 'UnknownElementException') return undefined;
    throw error;
  }
}
