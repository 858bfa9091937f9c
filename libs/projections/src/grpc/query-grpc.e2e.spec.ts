import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, loadPackageDefinition, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { freePort } from '../../../agreements/src/testing/free-port.js';
import { pgliteStorage } from '../../../agreements/src/testing/storage.js';
import type { TestStorage } from '../../../agreements/src/testing/agreements-test-app.js';
import { appendAgreement, DA_NANG_NEVERS, funding, HUE_KOICA } from '../testing/agreement-events.js';
import { startProjectionsTestApp, type ProjectionsTestApp } from '../testing/projections-test-app.js';
import { GRPC_LOADER_OPTIONS } from '@ketnoi/platform/grpc';
import { attachQueryGrpc, queryProtoPath } from './query-grpc.controller.js';

type Call = (
  request: object,
  metadata: Metadata,
  callback: (error: ServiceError | null, reply: Record<string, unknown>) => void,
) => void;

describe('gRPC ketnoi.query.v1.Query with a real @grpc/grpc-js client', () => {
  let storage: TestStorage;
  let app: ProjectionsTestApp;
  let client: Record<string, Call> & { close(): void };
  let position: bigint;

  beforeAll(async () => {
    storage = await pgliteStorage('vn-hue');
    const port = await freePort();
    app = await startProjectionsTestApp(storage, 'vn-hue', (nest) => attachQueryGrpc(nest, { port }));
    const definition = loadPackageDefinition(loadSync(queryProtoPath(), GRPC_LOADER_OPTIONS)) as unknown as {
      ketnoi: { query: { v1: { Query: new (url: string, creds: unknown) => typeof client } } };
    };
    client = new definition.ketnoi.query.v1.Query(`127.0.0.1:${port}`, credentials.createInsecure());
    await appendAgreement(storage.store, HUE_KOICA, [funding('org-koica', '13000000', 'USD')]);
    position = (await appendAgreement(storage.store, DA_NANG_NEVERS)).result.position;
  });
  afterAll(async () => {
    client?.close();
    await app?.close();
    await storage?.store.close();
    await storage?.sql.close();
  });

  const call = (method: string, request: object, actor?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const metadata = new Metadata();
      if (actor) metadata.set('x-test-actor', actor);
      client[method]!(request, metadata, (error, reply) => (error ? reject(error) : resolve(reply)));
    });

  it('given min_position, then ListAgreements answers the REST item shape, searched and scoped', async () => {
    const page = await call('ListAgreements', { q: 'da nang', minPosition: String(position) });
    expect((page.itemsJson as string[]).map((j) => JSON.parse(j).title)).toEqual([
      'Đà Nẵng – Nevers smart city and digitalisation',
    ]);
    const partner = await call('ListAgreements', {}, 'partner@fr-nevers');
    expect(partner.itemsJson).toHaveLength(1);
    const portfolio = JSON.parse((await call('GetPortfolio', { nodeId: 'vn-hue' })).json as string);
    expect(portfolio.funding).toEqual([{ currency: 'USD', committed: '13000000', disbursed: '0' }]);
    const feed = JSON.parse((await call('ListActivity', { limit: 2 })).json as string);
    expect(feed.items).toHaveLength(2);
  });

  it('given bad input, then INVALID_ARGUMENT names the fields', async () => {
    const error = (await call('ListAgreements', { status: 'NOPE', limit: 0 }).catch(
      (e: ServiceError) => e,
    )) as ServiceError;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.metadata.get('ketnoi-fields')[0]).toBe('status,limit');
  });
});
