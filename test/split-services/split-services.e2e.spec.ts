import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, loadPackageDefinition, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { agreementsProtoPath } from '@ketnoi/agreements';
import { generateNodeKey, loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken } from '@ketnoi/platform';
import { GRPC_LOADER_OPTIONS } from '@ketnoi/platform/grpc';
import { queryProtoPath } from '@ketnoi/projections';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { HUE_KOICA_DRAFT } from '../../libs/agreements/src/testing/fixtures.js';
import { freePort } from '../../libs/agreements/src/testing/free-port.js';
import { eventually, startTestBroker, type TestBroker } from '../../libs/federation/src/testing/index.js';
import { ensureBuilt, exited, serviceMain, startHubProcess, type HubProcess } from '../hub/hub-process.js';

type Service = 'agreements' | 'projections' | 'federation';
type Reply = Record<string, unknown>;
type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, reply: Reply) => void) => void;
type Client = Record<string, Unary> & { close(): void };
interface OpenApi {
  readonly paths: Record<string, Record<string, unknown>>;
}

const RATE_LIMIT = 3;

// The same black-box checks on a node run two ways, each from the built apps on a PostgreSQL
// schema of its own: the hub (every service in one process), and its agreements, projections and
// federation services as three processes sharing one schema and the node's data dir (its key).
// Authentication on every route (REST and gRPC), the command rate limit, health and federation on
// the Kafka brokers must not depend on how the node is composed.
const LAYOUTS: Record<string, readonly Service[] | 'hub'> = {
  'the hub': 'hub',
  'a node split into its agreements, projections and federation services': ['agreements', 'projections', 'federation'],
};

describe.each(Object.entries(LAYOUTS))('%s', (_name, layout) => {
  const schema = uniqueSchemaName('split');
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-split-'));
  const processes = {} as Record<Service, HubProcess>;
  const grpcPorts = {} as Record<'agreements' | 'projections', number>;
  let broker: TestBroker;
  let key: KeyObject;
  let callers = 0;
  const token = (sub = `officer-${++callers}@vn-hue`) => mintToken({ role: 'officer', node: 'vn-hue', sub }, key);
  const url = (service: Service, path: string) => `${processes[service].url}${path}`;

  const grpcClient = (protoPath: string, path: string[], port: number): Client => {
    let definition = loadPackageDefinition(loadSync(protoPath, GRPC_LOADER_OPTIONS)) as unknown;
    for (const part of path) definition = (definition as Record<string, unknown>)[part];
    const Constructor = definition as new (url: string, creds: unknown) => Client;
    return new Constructor(`127.0.0.1:${port}`, credentials.createInsecure());
  };
  const codeOf = (client: Client, method: string, request: object) =>
    new Promise<string>((resolve) =>
      client[method]!(request, new Metadata(), (error) => resolve(error ? status[error.code] : 'OK')),
    );

  beforeAll(async () => {
    ensureBuilt();
    broker = await startTestBroker({ brokerCount: 1 });
    const publicKey = await generateNodeKey(dataDir);
    key = (await loadNodeKey(dataDir)).privateKey;
    writeFileSync(join(dataDir, 'trust.json'), JSON.stringify({ 'vn-hue': { name: 'Huế', publicKey } }));
    grpcPorts.agreements = await freePort();
    grpcPorts.projections = layout === 'hub' ? grpcPorts.agreements : await freePort();
    const env = (grpcPort: number): Record<string, string> => ({
      KETNOI_NODE_ID: 'vn-hue',
      KETNOI_DATA_DIR: dataDir,
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      HOST: '127.0.0.1',
      PORT: '0',
      GRPC_PORT: String(grpcPort),
      KETNOI_COMMAND_RATE_LIMIT: String(RATE_LIMIT),
      KAFKA_BROKERS: broker.brokers.join(','),
      KAFKA_CREATE_TOPICS: 'false',
      LOG_LEVEL: 'info',
    });
    if (layout === 'hub') {
      const hub = await startHubProcess(env(grpcPorts.agreements), 90_000);
      processes.agreements = processes.projections = processes.federation = hub;
      return;
    }
    // One after the other: the first creates the schema's tables.
    for (const service of layout)
      processes[service] = await startHubProcess(
        env(service === 'federation' ? 0 : grpcPorts[service]),
        90_000,
        serviceMain(service),
      );
  }, 300_000);

  afterAll(async () => {
    for (const p of new Set(Object.values(processes))) {
      p.child.kill('SIGTERM');
      await exited(p.child);
    }
    await broker?.stop();
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given its processes, then each is ready and serves the routes of its services', async () => {
    const routes: Record<Service, string[]> = { agreements: [], projections: [], federation: [] };
    for (const service of ['agreements', 'projections', 'federation'] as const) {
      expect((await fetch(url(service, '/health/ready'))).status).toBe(200);
      const doc = (await (await fetch(url(service, '/docs-json'))).json()) as OpenApi;
      routes[service] = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/v1/'))
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    }
    expect(routes.agreements).toEqual(expect.arrayContaining(['post /v1/agreements', 'post /v1/import/iati']));
    expect(routes.projections).toEqual(expect.arrayContaining(['get /v1/agreements', 'get /v1/audit/verify']));
    expect(routes.federation).toEqual(expect.arrayContaining(['get /v1/federation/quarantine', 'post /v1/federation/quarantine/{id}/retry']));
    if (layout === 'hub') return;
    // Each service alone serves only its own.
    expect(routes.agreements).not.toContain('get /v1/federation/quarantine');
    expect(routes.projections).not.toContain('post /v1/agreements');
    expect(routes.federation).toEqual(['get /v1/federation/quarantine', 'post /v1/federation/quarantine/{id}/retry']);
  });

  it('given no token, when any /v1 route of any service is called, then 401', async () => {
    for (const service of ['agreements', 'projections', 'federation'] as const) {
      const doc = (await (await fetch(url(service, '/docs-json'))).json()) as OpenApi;
      const v1 = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1/'));
      expect(v1.length).toBeGreaterThan(0);
      for (const [path, ops] of v1)
        for (const method of Object.keys(ops)) {
          const res = await fetch(url(service, path.replace(/\{[^}]+\}/g, '1')), {
            method: method.toUpperCase(),
            ...(method === 'get' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
          });
          await res.arrayBuffer();
          expect(`${service} ${method} ${path} ${res.status}`).toBe(`${service} ${method} ${path} 401`);
        }
    }
  });

  it('given a draft on the agreements service, when the projections service is asked with its position, then it lists it', async () => {
    const authorization = `Bearer ${await token()}`;
    const drafted = await fetch(url('agreements', '/v1/agreements'), {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(HUE_KOICA_DRAFT),
    });
    expect(drafted.status).toBe(201);
    const { agreementId, position } = (await drafted.json()) as { agreementId: string; position: string };
    const list = await fetch(url('projections', `/v1/agreements?minPosition=${position}`), { headers: { authorization } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: { agreementId: string }[] }).items.map((i) => i.agreementId)).toContain(agreementId);
  });

  it('given no token, when Draft is called on the agreements service or ListAgreements on the projections service over gRPC, then UNAUTHENTICATED', async () => {
    const agreements = grpcClient(agreementsProtoPath(), ['ketnoi', 'agreements', 'v1', 'Agreements'], grpcPorts.agreements);
    const query = grpcClient(queryProtoPath(), ['ketnoi', 'query', 'v1', 'Query'], grpcPorts.projections);
    try {
      expect(await codeOf(agreements, 'Draft', HUE_KOICA_DRAFT)).toBe('UNAUTHENTICATED');
      expect(await codeOf(query, 'ListAgreements', {})).toBe('UNAUTHENTICATED');
    } finally {
      agreements.close();
      query.close();
    }
  });

  it(`given one caller, when it sends more than ${RATE_LIMIT} commands a minute to the agreements service, then 429`, async () => {
    const authorization = `Bearer ${await token()}`;
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) {
      const res = await fetch(url('agreements', '/v1/agreements'), {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(HUE_KOICA_DRAFT),
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array<number>(RATE_LIMIT).fill(201), 429]);
  });

  it('given the federation service on the Kafka brokers, then its quarantine answers a caller with a token', async () => {
    const authorization = `Bearer ${await token()}`;
    await eventually('the federation reached Kafka', async () => {
      const res = await fetch(url('federation', '/v1/federation/quarantine'), { headers: { authorization } });
      await res.arrayBuffer();
      return res.status === 200;
    }, 60_000);
    const listed = await fetch(url('federation', '/v1/federation/quarantine'), { headers: { authorization } });
    expect(await listed.json()).toEqual({ items: [], next: null });
  });
});
