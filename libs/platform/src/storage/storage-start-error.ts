/** Storage the node cannot open as configured; the message is the one line printed at start. */
export class StorageStartError extends Error {
  readonly code = 'STORAGE_START_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageStartError';
  }
}
