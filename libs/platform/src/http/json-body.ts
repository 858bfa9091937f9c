import type { HttpRequest } from './http-types.js';
import { ProblemException } from './problem.js';
import { parseStrictJson } from './strict-json.js';

type Next = (error?: unknown) => void;

/** `application/json` or any `+json` type (RFC 6839), e.g. `application/merge-patch+json`. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** Whether the request carries a body: a non-zero length, or chunks. */
export const hasBody = (request: HttpRequest): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

const unsupported = (detail: string): ProblemException =>
  new ProblemException({
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    title: 'Unsupported media type',
    detail,
    errors: [{ field: 'Content-Type', message: 'must be application/json' }],
  });

/**
 * Refuses, before a byte is read, any body that is not declared JSON in UTF-8: a command must not
 * run on `text/plain` or a form (Express would hand the handler an empty or foreign body), nor on
 * a body without a Content-Type.
 */
export function requireJsonBody(request: HttpRequest, _response: unknown, next: Next): void {
  if (!hasBody(request)) return next();
  const header = request.headers['content-type'];
  const declared = Array.isArray(header) ? header[0] : header;
  const [type = '', ...parameters] = (declared ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (!JSON_MEDIA_TYPE.test(type)) {
    const got = declared ? `got ${type || 'an empty Content-Type'}` : 'no Content-Type was given';
    return next(unsupported(`This route takes a JSON body sent as application/json; ${got}.`));
  }
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return next(unsupported(`JSON bodies are UTF-8 (RFC 8259); got charset=${charset}.`));
  next();
}

/** Turns the raw bytes Express read into the parsed body; an empty body is no body. */
export function parseJsonBody(request: HttpRequest & { body?: unknown }, _response: unknown, next: Next): void {
  if (!(request.body instanceof Uint8Array)) return next();
  try {
    request.body = request.body.length === 0 ? undefined : parseStrictJson(request.body);
    next();
  } catch (error) {
    next(error);
  }
}
