import { connect, type Socket } from 'node:net';

/** The hub's draft of the access-control tests: vn-hue is a party, so an officer of vn-hue may record it. */
export const DRAFT = {
  title: 'Hợp tác phát triển đô thị thông minh Huế – Nevers',
  kind: 'TWINNING',
  parties: [
    { nodeId: 'vn-hue', name: 'Thừa Thiên Huế', role: 'PROVINCE', country: 'VN' },
    { nodeId: 'fr-nevers', name: 'Ville de Nevers', role: 'CITY', country: 'FR' },
  ],
};

export interface RawExchange {
  /** Everything the server sent before it closed the socket or the wait ended. */
  readonly received: string;
  /** Whether the server closed the socket within the wait. */
  readonly closed: boolean;
  /** Milliseconds from connect to the first byte received (or to the end of the wait). */
  readonly answeredAfterMs: number;
}

/**
 * Opens a socket (from `localAddress`, any 127.x address is loopback on Linux), writes `head`
 * and nothing more, and reports what the server did within `waitMs`: what a slow or stalled
 * client sees. The socket is destroyed at the end either way.
 */
export function stallAfter(
  url: string,
  head: string,
  waitMs: number,
  localAddress = '127.0.0.1',
): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    let firstByteAt: number | undefined;
    const socket = connect({ host: hostname, port: Number(port), localAddress }, () => socket.write(head));
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closed, answeredAfterMs: (firstByteAt ?? Date.now()) - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => {
      firstByteAt ??= Date.now();
      received += chunk.toString('latin1');
    });
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset is the server closing on us, which is what some tests wait for.
      if (error.code === 'ECONNRESET') return;
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Opens `count` sockets from `localAddress` that send part of a request line and then stall. */
export async function openStalledSockets(url: string, count: number, localAddress: string): Promise<Socket[]> {
  const { hostname, port } = new URL(url);
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve) => {
          const socket = connect({ host: hostname, port: Number(port), localAddress }, () => {
            socket.write('GET /v1/agreements HTTP/1.1\r\nHost: x\r\n');
            resolve(socket);
          });
          socket.resume(); // read what the server sends, so that its close is seen
          socket.on('error', () => resolve(socket)); // refused or reset: still counted by the caller
        }),
    ),
  );
}
