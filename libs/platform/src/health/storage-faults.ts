import { Injectable } from '@nestjs/common';
import type { ReadinessCheck, ReadinessResult } from './readiness.js';

/**
 * SQLSTATE classes that say the stored bytes, not the request, are at fault: XX (internal error,
 * data_corrupted XX001, index_corrupted XX002) and 58 (system error: I/O). PGlite also dies with a
 * WebAssembly RuntimeError when its files are beyond reading.
 */
const isStorageFault = (error: unknown): boolean => {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(XX|58)[0-9A-Z]{3}$/.test(code)) return true;
    if (e instanceof WebAssembly.RuntimeError) return true;
  }
  return false;
};

/**
 * Remembers that a read of the store failed because of what is stored (a corrupted page), seen
 * by a request: `/health/ready` then says so instead of "ok" while one stream answers 500. Kept
 * until the process restarts: a bad page does not heal, and the restart after the repair clears it.
 */
@Injectable()
export class StorageFaults implements ReadinessCheck {
  readonly name = 'storage';
  private fault: { reason: string; at: string; count: number } | undefined;

  /** True when `error` was a storage fault (and is now remembered). */
  notice(error: unknown): boolean {
    if (!isStorageFault(error)) return false;
    const reason = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0]!.slice(0, 300);
    this.fault = { reason: this.fault?.reason ?? reason, at: new Date().toISOString(), count: (this.fault?.count ?? 0) + 1 };
    return true;
  }

  check(): ReadinessResult {
    if (!this.fault) return { ok: true };
    const { reason, at, count } = this.fault;
    return { ok: false, reason: `a stored page could not be read: ${reason}`, detail: { lastSeenAt: at, failedReads: count } };
  }
}
