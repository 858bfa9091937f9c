import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, loadPackageDefinition, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agreementsProtoPath } from '@ketnoi/agreements';
import { GRPC_LOADER_OPTIONS } from '@ketnoi/platform/grpc';
import { loadConfig } from '@ketnoi/config';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken } from '@ketnoi/platform';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub.js';
import { freePort } from '../../libs/agreements/src/testing/free-port.js';
import { DRAFT } from './limits-support.js';

const LIMIT = 4;

// The generated client has no static types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Client = any;

// The hub as served, with a command limit of 4 per minute per verified caller.
describe('command rate limit on the hub (REST and gRPC)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-rate-limit-'));
  let hub: RunningHub;
  let key: KeyObject;
  let grpc: Client;
  // Every test its own caller: buckets live as long as the hub.
  let callers = 0;
  const newCaller = () =>
    mintToken({ role: 'officer', node: 'vn-hue', sub: `script-${++callers}@vn-hue` }, key);

  const post = async (path: string, authorization: string): Promise<number> => {
    const res = await fetch(`${hub.url}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(DRAFT),
    });
    await res.arrayBuffer();
    return res.status;
  };
  const grpcDraft = (token: string): Promise<status> =>
    new Promise((resolve) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      grpc.draft(DRAFT, metadata, (error: ServiceError | null) => resolve(error ? error.code : status.OK));
    });

  beforeAll(async () => {
    const grpcPort = await freePort();
    hub = await startHub(
      loadConfig({
        PORT: '0',
        GRPC_PORT: String(grpcPort),
        KETNOI_NODE_ID: 'vn-hue',
        KETNOI_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        KETNOI_COMMAND_RATE_LIMIT: String(LIMIT),
      }),
    );
    key = (await loadNodeKey(dataDir)).privateKey;
    const definition = loadPackageDefinition(loadSync(agreementsProtoPath(), GRPC_LOADER_OPTIONS));
    const Agreements = (definition as Client).ketnoi.agreements.v1.Agreements;
    grpc = new Agreements(`127.0.0.1:${grpcPort}`, credentials.createInsecure());
  }, 120_000);
  afterAll(async () => {
    grpc?.close();
    await hub?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given one caller spelling its header and the URL in every way routing accepts, when it sends more commands than the limit, then they share one bucket and the rest get 429', async () => {
    const token = await newCaller();
    const variants: Array<[string, string]> = [
      ['/v1/agreements', `Bearer ${token}`],
      ['/v1/agreements', `bearer ${token}`],
      ['/v1/agreements', `BEARER ${token}`],
      ['/v1/agreements', `Bearer  ${token}`],
      ['/V1/agreements', `Bearer ${token}`],
      ['/v1/agreements/', `Bearer ${token}`],
      ['/v1/Agreements', `Bearer ${token}`],
      ['/V1/AGREEMENTS/', `bearer  ${token}`],
    ];
    const statuses: number[] = [];
    for (const [path, authorization] of variants) statuses.push(await post(path, authorization));
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429, 429, 429]);
  });

  it('given a caller over the limit, when another caller sends a command, then it is served', async () => {
    const busy = await newCaller();
    for (let i = 0; i < LIMIT; i++) expect(await post('/v1/agreements', `Bearer ${busy}`)).toBe(201);
    const res = await fetch(`${hub.url}/v1/agreements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${busy}`, 'content-type': 'application/json' },
      body: JSON.stringify(DRAFT),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await post('/v1/agreements', `Bearer ${await newCaller()}`)).toBe(201);
  });

  it('given a caller without a valid token, when it sends many commands, then each is refused 401 and none costs a bucket', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) statuses.push(await post('/v1/agreements', 'Bearer not-a-token'));
    expect(new Set(statuses)).toEqual(new Set([401]));
  });

  it('given a caller, when it sends commands over gRPC past the limit, then it gets RESOURCE_EXHAUSTED', async () => {
    const token = await newCaller();
    const codes: status[] = [];
    for (let i = 0; i < LIMIT + 2; i++) codes.push(await grpcDraft(token));
    expect(codes).toEqual([
      status.OK,
      status.OK,
      status.OK,
      status.OK,
      status.RESOURCE_EXHAUSTED,
      status.RESOURCE_EXHAUSTED,
    ]);
  });

  it('given a caller, when it spreads commands over REST and gRPC, then both edges draw on one bucket', async () => {
    const token = await newCaller();
    expect(await post('/v1/agreements', `Bearer ${token}`)).toBe(201);
    expect(await grpcDraft(token)).toBe(status.OK);
    expect(await post('/v1/agreements', `Bearer ${token}`)).toBe(201);
    expect(await grpcDraft(token)).toBe(status.OK);
    expect(await grpcDraft(token)).toBe(status.RESOURCE_EXHAUSTED);
    expect(await post('/v1/agreements', `Bearer ${token}`)).toBe(429);
  });
});
