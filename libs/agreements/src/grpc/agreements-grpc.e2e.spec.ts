import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, loadPackageDefinition, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { startAgreementsTestApp, type AgreementsTestApp } from '../testing/agreements-test-app.js';
import { HUE_KOICA_DRAFT } from '../testing/fixtures.js';
import { freePort } from '../testing/free-port.js';
import { pgliteStorage } from '../testing/storage.js';
import { GRPC_LOADER_OPTIONS } from '@ketnoi/platform/grpc';
import { agreementsProtoPath } from './attach-grpc.js';

// Replies are checked field by field below; the generated client has no static types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = any;
type Unary = (request: object, callback: (error: ServiceError | null, reply: Reply) => void) => void;
type Client = Record<string, Unary> & { close(): void };

const call = (client: Client, method: string, request: object): Promise<Reply> =>
  new Promise((resolve, reject) =>
    client[method]!.call(client, request, (error, reply) => (error ? reject(error) : resolve(reply))),
  );

const failure = (promise: Promise<unknown>): Promise<ServiceError> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: ServiceError) => error,
  );

const trailer = (metadata: Metadata, key: string): string | undefined => metadata.get(key)[0]?.toString();

describe('gRPC ketnoi.agreements.v1.Agreements with a real @grpc/grpc-js client', () => {
  let hub: AgreementsTestApp;
  let client: Client;

  beforeAll(async () => {
    const port = await freePort();
    hub = await startAgreementsTestApp({ storage: await pgliteStorage(), grpcPort: port });
    const definition = loadPackageDefinition(loadSync(agreementsProtoPath(), GRPC_LOADER_OPTIONS));
    const Agreements = (definition as Reply).ketnoi.agreements.v1.Agreements;
    client = new Agreements(`127.0.0.1:${port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await hub?.close();
  });

  it('drafts, reads back and funds an agreement', async () => {
    const drafted = await call(client, 'draft', HUE_KOICA_DRAFT);
    expect(drafted).toEqual({
      agreementId: expect.any(String),
      revision: 0,
      position: expect.stringMatching(/^\d+$/),
    });

    const funded = await call(client, 'commitFunding', {
      target: { agreementId: drafted.agreementId, expectedRevision: 0 },
      amount: '13000000',
      currency: 'USD',
      donor: 'org-koica',
    });
    expect(funded.revision).toBe(1);

    const agreement = await call(client, 'getAgreement', { agreementId: drafted.agreementId });
    expect(agreement).toMatchObject({
      agreementId: drafted.agreementId,
      title: HUE_KOICA_DRAFT.title,
      kind: 'GRANT',
      status: 'DRAFT',
      revision: 1,
      homeNode: 'vn-hue',
      themes: ['smart-city', 'tourism'],
      funding: [{ donor: 'org-koica', currency: 'USD', committed: '13000000', disbursed: '0' }],
    });
    expect(agreement.parties.map((p: { nodeId: string }) => p.nodeId)).toEqual(['vn-hue', 'org-koica']);
    expect(JSON.parse(agreement.stateJson).status).toBe('DRAFT');

    const history = await call(client, 'getHistory', { agreementId: drafted.agreementId });
    expect(history.events.map((e: { type: string }) => e.type)).toEqual([
      'AgreementDrafted',
      'FundingCommitted',
    ]);
    expect(JSON.parse(history.events[1].dataJson).amount).toEqual({ amount: '13000000', currency: 'USD' });
  });

  it('answers INVALID_ARGUMENT naming the fields of an invalid request, and records nothing', async () => {
    const drafted = await call(client, 'draft', HUE_KOICA_DRAFT);
    const error = await failure(
      call(client, 'commitFunding', {
        target: { agreementId: drafted.agreementId },
        amount: '1e6',
        currency: 'XYZ',
        donor: 'org-koica',
      }),
    );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(trailer(error.metadata, 'ketnoi-fields')?.split(',').sort()).toEqual(['amount', 'currency']);
    expect(error.details).toMatch(/amount/);
    const history = await call(client, 'getHistory', { agreementId: drafted.agreementId });
    expect(history.events).toHaveLength(1);
  });

  it('maps not found, stale revision and illegal transition to gRPC codes', async () => {
    const missing = await failure(
      call(client, 'getAgreement', { agreementId: '0190e0c4-1111-7000-8000-000000000000' }),
    );
    expect(missing.code).toBe(status.NOT_FOUND);

    const drafted = await call(client, 'draft', HUE_KOICA_DRAFT);
    const stale = await failure(
      call(client, 'propose', { target: { agreementId: drafted.agreementId, expectedRevision: 4 } }),
    );
    expect(stale.code).toBe(status.ABORTED);
    expect(trailer(stale.metadata, 'ketnoi-current-revision')).toBe('0');

    const illegal = await failure(call(client, 'activate', { target: { agreementId: drafted.agreementId } }));
    expect(illegal.code).toBe(status.FAILED_PRECONDITION);
    expect(trailer(illegal.metadata, 'ketnoi-code')).toBe('ILLEGAL_TRANSITION');

    const badId = await failure(call(client, 'propose', { target: { agreementId: 'nope' } }));
    expect(badId.code).toBe(status.INVALID_ARGUMENT);
    expect(trailer(badId.metadata, 'ketnoi-fields')).toBe('agreementId');
  });
});

describe('gRPC reads for a partner of another node', () => {
  let home: AgreementsTestApp;
  let stranger: AgreementsTestApp;
  let homeClient: Client;
  let strangerClient: Client;

  beforeAll(async () => {
    const storage = await pgliteStorage();
    const [homePort, strangerPort] = [await freePort(), await freePort()];
    home = await startAgreementsTestApp({ storage, grpcPort: homePort });
    stranger = await startAgreementsTestApp({
      storage,
      grpcPort: strangerPort,
      actor: { subject: 'partner@kr-busan', role: 'partner', node: 'kr-busan' },
    });
    const definition = loadPackageDefinition(loadSync(agreementsProtoPath(), GRPC_LOADER_OPTIONS));
    const Agreements = (definition as Reply).ketnoi.agreements.v1.Agreements;
    homeClient = new Agreements(`127.0.0.1:${homePort}`, credentials.createInsecure());
    strangerClient = new Agreements(`127.0.0.1:${strangerPort}`, credentials.createInsecure());
  });
  afterAll(async () => {
    homeClient?.close();
    strangerClient?.close();
    await stranger?.app.close(); // shares the home's storage, closed once below
    await home?.close();
  });

  it('given an agreement kr-busan is not party to, when its partner asks for it or its history, then NOT_FOUND as over REST', async () => {
    const drafted = await call(homeClient, 'draft', HUE_KOICA_DRAFT);
    expect((await call(homeClient, 'getAgreement', { agreementId: drafted.agreementId })).agreementId).toBe(
      drafted.agreementId,
    );
    for (const method of ['getAgreement', 'getHistory']) {
      const error = await failure(call(strangerClient, method, { agreementId: drafted.agreementId }));
      expect(error.code).toBe(status.NOT_FOUND);
    }
  });
});
