import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { RunningHub } from '../../apps/hub/src/start-hub.js';
import { startHubInProcess, type HubInProcess } from '../support/hub-in-process.js';

interface Problem {
  readonly status: number;
  readonly code?: string;
  readonly detail?: string;
  readonly errors?: readonly { field: string; message: string }[];
}

// Issue 17, "every boundary validates": positions, cursors and as-of points out of range were
// answered 500, 503 after a 5 s wait, or 404. In process, PGlite.
describe('numbers and cursors in queries', () => {
  let node: HubInProcess;
  let hub: RunningHub;
  let auth: string;

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}${path}`, { headers: { authorization: auth, ...headers } });
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    return {
      status: res.status,
      type,
      body: type.includes('json') ? (JSON.parse(text) as Problem) : undefined,
    };
  };
  /** Expects a 400 problem that names `field`. */
  const refused = async (path: string, field: string, headers: Record<string, string> = {}) => {
    const res = await get(path, headers);
    expect({ status: res.status, type: res.type }).toEqual({
      status: 400,
      type: expect.stringContaining('application/problem+json'),
    });
    expect(res.body?.errors?.map((e) => e.field)).toContain(field);
    return res.body!;
  };
  const cursorOf = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const TOO_BIG = '9999999999999999999'; // 19 digits, past PostgreSQL's bigint (2^63 - 1)

  beforeAll(async () => {
    node = await startHubInProcess('query-numbers');
    hub = node.hub;
    auth = await node.authorization('admin');
    const party = (nodeId: string, name: string) => ({ nodeId, name, role: 'CITY', country: 'VN' });
    const created = await fetch(`${hub.url}/v1/agreements`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Hợp tác Huế',
        kind: 'TWINNING',
        parties: [party('vn-hue', 'Thừa Thiên Huế'), party('fr-nevers', 'Nevers')],
      }),
    });
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await node?.close();
  });

  describe('global positions', () => {
    it('given an activity cursor past the largest position, when listing, then 400 naming cursor', async () => {
      await refused(`/v1/activity?cursor=${TOO_BIG}`, 'cursor');
    });
    it('given a minPosition past the largest position, when listing, then 400 naming minPosition', async () => {
      await refused(`/v1/agreements?minPosition=${TOO_BIG}`, 'minPosition');
    });
    it('given a minPosition past this node log, when listing, then 400 at once naming minPosition and the head', async () => {
      const problem = await refused('/v1/agreements?minPosition=9000000000000000000', 'minPosition');
      expect(problem.detail).toMatch(/past this node's log/);
    });
    it('given a minPosition this node has reached, when listing, then 200', async () => {
      expect((await get('/v1/agreements?minPosition=1')).status).toBe(200);
    });
    it('given a portfolio asOf past the largest position, when read, then 400 naming asOf', async () => {
      await refused(`/v1/portfolio/vn-hue?asOf=${TOO_BIG}`, 'asOf');
    });
    it('given a portfolio asOf of a position not yet reached, when read, then 200 with today’s answer', async () => {
      const res = await get('/v1/portfolio/vn-hue?asOf=9000000000000000000');
      expect(res.status).toBe(200);
    });
    it('given a Last-Event-ID past the largest position, when streaming, then 400 naming Last-Event-ID', async () => {
      await refused('/v1/events/stream', 'Last-Event-ID', { 'last-event-id': TOO_BIG });
    });
  });

  describe('agreement list cursors', () => {
    it.each([
      ['-updated', { sort: '-updated', value: TOO_BIG, id: 'x' }],
      ['-updated', { sort: '-updated', value: 'not a number', id: 'x' }],
      ['drafted', { sort: 'drafted', value: 'not a date', id: 'x' }],
      ['title', { sort: 'title', value: 'a', id: 42 }],
    ])('given a forged cursor for sort=%s, when listing, then 400 naming cursor', async (sort, cursor) => {
      await refused(`/v1/agreements?sort=${sort}&cursor=${cursorOf(cursor)}`, 'cursor');
    });
    it('given the nextCursor of a page, when listing, then the next page', async () => {
      const first = await get('/v1/agreements?limit=1&sort=drafted');
      expect(first.status).toBe(200);
    });
  });

  describe("the server's own refusals", () => {
    it('given headers larger than the server takes, when sent, then 431 as problem+json', async () => {
      const res = await rawRequest(hub.url, { 'x-filler': 'a'.repeat(20_000) });
      expect(res.status).toBe(431);
      expect(res.type).toContain('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ status: 431 });
    });
    it('given a request line that is not HTTP, when sent, then 400 as problem+json', async () => {
      const res = await rawSocket(hub.url, 'GARBAGE\r\n\r\n');
      expect(res).toMatch(/^HTTP\/1\.1 400/);
      expect(res).toMatch(/content-type: application\/problem\+json/i);
      expect(res).toMatch(/"status":400/);
    });
  });
});

function rawRequest(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/v1/agreements`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function rawSocket(url: string, bytes: string): Promise<string> {
  const { connect } = await import('node:net');
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}
