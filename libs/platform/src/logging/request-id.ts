import type { IncomingMessage, ServerResponse } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

/** Callers (and partner nodes) may pass their own id so one request is traceable across nodes. */
export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

// Echoed into logs and headers: accept only short, plain ids from outside.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the caller's `X-Correlation-Id` or `X-Request-Id` when safe, else a fresh
 * UUIDv7. It is echoed on the response as both headers; the API uses it as the command's
 * correlationId.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = [req.headers[CORRELATION_ID_HEADER], req.headers[REQUEST_ID_HEADER]]
    .map((header) => (Array.isArray(header) ? header[0] : header))
    .find((id): id is string => typeof id === 'string' && SAFE_ID.test(id));
  const id = given ?? uuidv7();
  res.setHeader(REQUEST_ID_HEADER, id);
  res.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}

/** The id `assignRequestId` gave this request (pino-http stores it as `req.id`). */
export function requestIdOf(req: IncomingMessage): string | undefined {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
