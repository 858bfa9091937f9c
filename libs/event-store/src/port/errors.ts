import type { ExpectedRevision } from './event-store.js';

/** Base of the store's errors: a stable `code` for the edge to map, and whether a retry may succeed. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  readonly retriable = true;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, -1 when it does not exist, undefined when unknown. */
    readonly actual: number | undefined,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual ?? 'unknown'}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends EventStoreError {
  readonly code = 'STREAM_NOT_FOUND';
  readonly retriable = false;
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
    this.name = 'StreamNotFoundError';
  }
}

/** An eventId already stored elsewhere than this append would put it: not a retry, a conflict. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_ID';
  readonly retriable = false;
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already stored at another place`);
    this.name = 'DuplicateEventIdError';
  }
}

export class StoreUnavailableError extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE';
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
