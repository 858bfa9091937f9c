import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import {
  startKurrentDbTestServer,
  type KurrentDbTestServer,
} from '../../../../test/kurrentdb-test-server/index.js';
import {
  checkKurrentDbAtStart,
  kurrentDbReadinessProbe,
  parseKurrentDbConnectionString,
} from './connection.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('KURRENTDB_CONNECTION_STRING', () => {
  it.each([
    [''],
    ['localhost:2113'],
    ['http://127.0.0.1:2113'],
    ['kurrentdb://'],
    ['kurrentdb://127.0.0.1:2113?tls=maybe'],
  ])('given %p, when parsed, then the error names KURRENTDB_CONNECTION_STRING', (value) => {
    expect(() => parseKurrentDbConnectionString(value)).toThrow(/^KURRENTDB_CONNECTION_STRING is malformed/);
  });

  it('given a well-formed string, then the address is the first endpoint', () => {
    expect(
      parseKurrentDbConnectionString('kurrentdb://admin:changeit@10.0.0.5:2113,10.0.0.6:2113?tls=false'),
    ).toEqual({
      connectionString: 'kurrentdb://admin:changeit@10.0.0.5:2113,10.0.0.6:2113?tls=false',
      address: '10.0.0.5:2113',
    });
  });
});

describe('KurrentDB readiness', () => {
  let server: KurrentDbTestServer;
  beforeAll(async () => {
    server = await startKurrentDbTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('given a server that answers, then the probe is ready and nothing is logged', async () => {
    const client = KurrentDBClient.connectionString(server.connectionString);
    const lines: string[] = [];
    expect(
      await checkKurrentDbAtStart(client, parseKurrentDbConnectionString(server.connectionString), (l) =>
        lines.push(l),
      ),
    ).toBe(true);
    expect(lines).toEqual([]);
    await client.dispose();
  });

  it('given an unreachable server, then the probe fails and one line names KurrentDB and the address', async () => {
    const connection = parseKurrentDbConnectionString(
      `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`,
    );
    const client = KurrentDBClient.connectionString(connection.connectionString);
    const lines: string[] = [];
    expect(await checkKurrentDbAtStart(client, connection, (l) => lines.push(l), 1000)).toBe(false);
    expect(lines).toEqual([
      `KurrentDB unreachable at ${connection.address}: /health/ready stays failing until it answers`,
    ]);
    expect(await kurrentDbReadinessProbe(client, 500)()).toBe(false);
    await client.dispose();
  }, 20_000);
});
