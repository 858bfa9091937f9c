import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KeyObject } from 'node:crypto';
import type { Socket } from 'node:net';
import { mintToken } from '@ketnoi/platform';
import type { RunningHub } from '../../apps/hub/src/start-hub.js';
import { startHubInProcess, type HubInProcess } from '../support/hub-in-process.js';
import { openStalledSockets, stallAfter } from './limits-support.js';

const CONNECTIONS_PER_ADDRESS = 8;

// The hub as served, with timeouts of a fraction of a second so that the test stays fast.
describe('slow and greedy clients on the hub', () => {
  let node: HubInProcess;
  let hub: RunningHub;
  let key: KeyObject;

  beforeAll(async () => {
    node = await startHubInProcess('slow-clients', {
      KETNOI_HTTP_HEADERS_TIMEOUT: '0.5',
      KETNOI_HTTP_REQUEST_TIMEOUT: '1',
      KETNOI_HTTP_CONNECTIONS_PER_ADDRESS: String(CONNECTIONS_PER_ADDRESS),
    });
    hub = node.hub;
    key = node.key;
  }, 120_000);
  afterAll(async () => {
    await node?.close();
  });

  it.each([
    ['a command', '/v1/agreements', 'application/json', 900_000], // under the 1 MiB limit
    ['a command over the body limit', '/v1/agreements', 'application/json', 100_000_000],
    ['the IATI upload', '/v1/import/iati', 'multipart/form-data; boundary=x', 100_000_000],
  ])(
    'given %s announcing a body of %s with a bad token, when only its headers are sent, then it is answered 401 without the body being waited for',
    async (_name, path, contentType, length) => {
      const head =
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer not-a-token\r\n` +
        `Content-Type: ${contentType}\r\nContent-Length: ${length}\r\n\r\n`;
      const exchange = await stallAfter(hub.url, head, 3_000);
      expect(exchange.received).toMatch(/^HTTP\/1\.1 401 /);
      expect(exchange.received).toMatch(/content-type: application\/problem\+json/i);
      // Well before the request timeout (1 s) that would also end a stalled body.
      expect(exchange.answeredAfterMs).toBeLessThan(900);
    },
  );

  it('given a client that sends half its headers and stalls, when the headers timeout passes, then the server answers 408 and closes the socket', async () => {
    const exchange = await stallAfter(hub.url, 'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n', 5_000);
    expect(exchange.closed).toBe(true);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('given one address holding more sockets than its cap, when another address asks, then it is served and the excess sockets were closed at once', async () => {
    let greedy: Socket[] = [];
    try {
      greedy = await openStalledSockets(hub.url, CONNECTIONS_PER_ADDRESS * 5, '127.0.0.2');
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Closed by the cap, not by the headers timeout (0.5 s, checked at most every 0.25 s).
      expect(greedy.filter((socket) => socket.destroyed || socket.readableEnded).length).toBe(
        CONNECTIONS_PER_ADDRESS * 4,
      );
      const token = await mintToken({ role: 'auditor', node: 'vn-hue' }, key);
      const res = await fetch(`${hub.url}/v1/agreements`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      for (const socket of greedy) socket.destroy();
    }
  });

  it('given an address at its cap, when its sockets close, then it may connect again', async () => {
    const first = await openStalledSockets(hub.url, CONNECTIONS_PER_ADDRESS, '127.0.0.3');
    for (const socket of first) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exchange = await stallAfter(
      hub.url,
      'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      2_000,
      '127.0.0.3',
    );
    expect(exchange.received).toMatch(/^HTTP\/1\.1 200 /);
  });
});
