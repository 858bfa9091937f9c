import { StoreUnavailableError } from '../port/errors.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH']);

/** Connection-level failures (network, SQLSTATE class 08, server shutdown 57P0x) become retriable. */
export function mapConnectionError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const isConnection =
    (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P0'))) ||
    /Connection terminated|not queryable|closed/i.test(message);
  return isConnection ? new StoreUnavailableError(`database unavailable: ${message}`, { cause: error }) : error;
}
