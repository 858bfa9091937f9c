import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import {
  headerValue,
  invalidRequest,
  ProblemException,
  type HttpRequest,
  type HttpResponse,
} from '@ketnoi/platform';
import type { Actor } from '@ketnoi/platform';
import canonicalize from 'canonicalize';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import { IdempotencyStore } from './idempotency.store.js';

/** 1 to 255 visible ASCII characters; exported for the OpenAPI header parameter. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const KEY = IDEMPOTENCY_KEY_PATTERN;

/**
 * `Idempotency-Key`: a retried command with the same key and the same request returns the first
 * response and records nothing. The request is identified by method, path and the SHA-256 of
 * its JSON body in canonical form (RFC 8785), so key order and spacing do not matter.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest & { actor?: Actor }>();
    const response = http.getResponse<HttpResponse>();
    const key = headerValue(request, 'Idempotency-Key');
    if (key === undefined) return next.handle();
    if (!KEY.test(key)) {
      throw invalidRequest([
        { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters' },
      ]);
    }
    // Keys belong to one principal: the same `sub` at another node, or with other rights, is
    // someone else, and must neither replay nor block this one's responses.
    const actor = request.actor;
    const scope = actor ? JSON.stringify([actor.node, actor.role, actor.subject]) : '';
    const claim = await this.store.claim(scope, key, fingerprint(request));
    switch (claim.kind) {
      case 'replay': {
        const stored = claim.response;
        response.status(stored.status);
        if (stored.etag) response.setHeader('ETag', stored.etag);
        if (stored.location) response.setHeader('Location', stored.location);
        response.setHeader('Idempotent-Replayed', 'true');
        return of(stored.body);
      }
      case 'mismatch':
        throw new ProblemException({
          status: 422,
          code: 'IDEMPOTENCY_KEY_REUSED',
          title: 'Idempotency-Key reused',
          detail: 'This Idempotency-Key was used for a different request; use a new key for a new command.',
          errors: [{ field: 'Idempotency-Key', message: 'was used for a different request' }],
        });
      case 'in_progress':
        throw new ProblemException({
          status: 409,
          code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
          title: 'Request in progress',
          detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
          errors: [{ field: 'Idempotency-Key', message: 'is in use by a request in progress' }],
        });
      case 'claimed':
        return next.handle().pipe(
          mergeMap(async (body) => {
            await this.store.complete(scope, key, {
              status: response.statusCode,
              body,
              ...headerIfSet(response, 'ETag', 'etag'),
              ...headerIfSet(response, 'Location', 'location'),
            });
            return body;
          }),
          catchError((error: unknown) =>
            from(
              this.store.release(scope, key).then(() => {
                throw error;
              }),
            ),
          ),
        );
    }
  }
}

function fingerprint(request: HttpRequest): string {
  const path = (request.originalUrl ?? request.url).split('?')[0];
  const body = canonicalize(request.body ?? {}) ?? '';
  return createHash('sha256').update(`${request.method} ${path}\n${body}`).digest('hex');
}

function headerIfSet<K extends string>(
  response: HttpResponse,
  name: string,
  as: K,
): Partial<Record<K, string>> {
  const value = response.getHeader(name);
  return value === undefined ? {} : ({ [as]: String(value) } as Partial<Record<K, string>>);
}
