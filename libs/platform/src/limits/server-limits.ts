import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpLimits } from '@ketnoi/config';
import { PROBLEM_CONTENT_TYPE, problemType } from '../http/problem.js';

/** File descriptors kept for everything but HTTP clients: PGlite's files, Kafka, gRPC, logs. */
const RESERVED_DESCRIPTORS = 256;

/**
 * Applies `limits` to the HTTP server before it listens: a client that trickles its headers or
 * its body is cut after seconds (408), not after Node's 60 s and 300 s; one address cannot hold
 * more than its share of sockets; and the server as a whole stays under the descriptor limit, so
 * a flood cannot leave the node unable to open its own files.
 */
export function limitServer(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Node enforces both timeouts on a timer that runs every 30 s by default: a 10 s headers
  // timeout would hold a socket for up to 40 s. Read when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1_000,
    Math.ceil(limits.headersTimeoutMs / 2),
  );
  const descriptors = openFilesLimit();
  if (descriptors !== undefined)
    server.maxConnections = Math.max(limits.connectionsPerAddress, descriptors - RESERVED_DESCRIPTORS);
  capConnectionsPerAddress(server, limits.connectionsPerAddress);
  answerParserErrors(server);
}

function capConnectionsPerAddress(server: Server, cap: number): void {
  const refusal = tooManyConnections(cap);
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    // An IPv4 client of a dual-stack listener is the same client as on an IPv4 listener.
    const address = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) {
      // Answered at once and closed: the socket never reaches the parser's timeouts.
      socket.end(refusal, () => socket.destroy());
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/** The whole 503 answer, written straight to the socket: no request has been parsed yet. */
function tooManyConnections(cap: number): string {
  return rawProblem(
    503,
    'Service Unavailable',
    'TOO_MANY_CONNECTIONS',
    'Too many connections',
    `More than ${cap} open connections from this address; close some and retry.`,
    ['Retry-After: 1'],
  );
}

/** What Node's parser refuses, by its error code; anything else it cannot parse is a 400. */
const PARSER_REFUSALS: Record<string, readonly [number, string, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'HEADERS_TOO_LARGE',
    'Request headers too large',
    'The request headers are larger than this server accepts; send fewer or smaller headers.',
  ],
  HPE_HEADERS_TIMEOUT: [
    408,
    'Request Timeout',
    'REQUEST_TIMEOUT',
    'Request timeout',
    'The request headers did not arrive in time; send the whole request at once.',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'REQUEST_TIMEOUT',
    'Request timeout',
    'The request did not arrive in time; send the whole request at once.',
  ],
};
const MALFORMED = [
  400,
  'Bad Request',
  'MALFORMED_HTTP',
  'Malformed HTTP request',
  'The request is not valid HTTP/1.1.',
] as const;

/**
 * Node answers what its parser refuses (oversized headers, a broken request line, a timeout)
 * with a bare status line; clients of this API read problem+json on every error, so these get
 * one too. A socket already answering, or gone, is only closed.
 */
function answerParserErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
      ?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    const [status, reason, code, title, detail] = PARSER_REFUSALS[error.code ?? ''] ?? MALFORMED;
    socket.end(rawProblem(status, reason, code, title, detail), () => socket.destroy());
  });
}

function rawProblem(
  status: number,
  reason: string,
  code: string,
  title: string,
  detail: string,
  headers: readonly string[] = [],
): string {
  const body = JSON.stringify({ type: problemType(code), title, status, code, detail });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...headers,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** The soft limit on open files of this process (Linux), or undefined when it cannot be read or is unlimited. */
function openFilesLimit(): number | undefined {
  let limits: string;
  try {
    limits = readFileSync('/proc/self/limits', 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // not Linux
    throw error;
  }
  const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
  return soft === undefined ? undefined : Number(soft);
}
