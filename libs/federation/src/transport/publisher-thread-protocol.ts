import type { KafkaConnectionOptions, KafkaPublisherOptions } from './kafkajs-transport.js';
import type { OutboundMessage } from './transport.js';

/** What the publisher thread starts with: everything but the log, which stays on the caller's side. */
export interface PublisherThreadData {
  readonly connection: Omit<KafkaConnectionOptions, 'log'>;
  readonly publisher: KafkaPublisherOptions;
}

export type PublisherThreadRequest =
  | { readonly kind: 'publish'; readonly id: number; readonly messages: readonly OutboundMessage[] }
  | { readonly kind: 'ensureTopics'; readonly id: number; readonly topics: readonly string[] }
  /** Disconnects the producer and ends the thread; the caller waits for its exit. */
  | { readonly kind: 'close' };

export type PublisherThreadReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: ThreadError }
  | { readonly kind: 'log'; readonly line: string }
  | { readonly kind: 'done'; readonly id: number; readonly error?: ThreadError };

/** An error as it crosses the thread boundary: kafkajs' error names say whether a retry may help. */
export interface ThreadError {
  readonly name: string;
  readonly message: string;
}

export const threadErrorOf = (error: unknown): ThreadError =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };

export function errorOf(error: ThreadError): Error {
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}
