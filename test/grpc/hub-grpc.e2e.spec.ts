import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, loadPackageDefinition, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { agreementsProtoPath } from '@ketnoi/agreements';
import { GRPC_LOADER_OPTIONS } from '@ketnoi/platform/grpc';
import { queryProtoPath } from '@ketnoi/projections';
import { HUE_KOICA_DRAFT } from '../../libs/agreements/src/testing/fixtures.js';
import { freePort } from '../../libs/agreements/src/testing/free-port.js';
import { startHubInProcess, type HubInProcess } from '../support/hub-in-process.js';

type Reply = Record<string, unknown>;
type Unary = (
  request: object,
  metadata: Metadata,
  callback: (error: ServiceError | null, reply: Reply) => void,
) => void;
type Client = Record<string, Unary> & { close(): void };

// Issue 20: the hub serves both gRPC services on its one gRPC port, and every service maps
// problems to gRPC codes with the one table (no token: UNAUTHENTICATED, not INTERNAL).
describe('the hub over gRPC with a real @grpc/grpc-js client', () => {
  let node: HubInProcess;
  let agreements: Client;
  let query: Client;

  const clientOf = (protoPath: string, path: string[]): Client => {
    let definition = loadPackageDefinition(loadSync(protoPath, GRPC_LOADER_OPTIONS)) as unknown;
    for (const part of path) definition = (definition as Record<string, unknown>)[part];
    const Service = definition as new (url: string, creds: unknown) => Client;
    return new Service(node.hub.grpcAddress!, credentials.createInsecure());
  };
  const call = async (
    client: Client,
    method: string,
    request: object,
    role?: 'officer' | 'auditor' | 'partner',
  ) => {
    const metadata = new Metadata();
    if (role)
      metadata.set(
        'authorization',
        await node.authorization(role, role === 'partner' ? 'org-koica' : 'vn-hue'),
      );
    return new Promise<Reply>((resolve, reject) =>
      client[method]!(request, metadata, (error, reply) => (error ? reject(error) : resolve(reply))),
    );
  };
  const codeOf = (work: Promise<unknown>) =>
    work.then(
      () => 'OK',
      (error: ServiceError) => status[error.code],
    );

  beforeAll(async () => {
    node = await startHubInProcess('grpc', { GRPC_PORT: String(await freePort()) });
    agreements = clientOf(agreementsProtoPath(), ['ketnoi', 'agreements', 'v1', 'Agreements']);
    query = clientOf(queryProtoPath(), ['ketnoi', 'query', 'v1', 'Query']);
  }, 120_000);
  afterAll(async () => {
    agreements?.close();
    query?.close();
    await node?.close();
  });

  it('given an officer draft, when the list is queried on the same port with its position, then the agreement is in it', async () => {
    const drafted = await call(agreements, 'Draft', HUE_KOICA_DRAFT, 'officer');
    const page = await call(query, 'ListAgreements', { minPosition: drafted.position }, 'officer');
    expect((page.itemsJson as string[]).map((json) => JSON.parse(json).agreementId)).toContain(
      drafted.agreementId,
    );
  });

  it('given a draft, when read over gRPC and over REST, then both answer the one view of the agreement', async () => {
    const drafted = await call(agreements, 'Draft', HUE_KOICA_DRAFT, 'officer');
    const grpcView = JSON.parse(
      (await call(agreements, 'GetAgreement', { agreementId: drafted.agreementId }, 'officer'))
        .stateJson as string,
    );
    const rest = await fetch(`${node.hub.url}/v1/agreements/${drafted.agreementId}`, {
      headers: { authorization: await node.authorization('officer') },
    });
    expect(rest.status).toBe(200);
    expect(grpcView).toEqual(await rest.json());
    expect(grpcView).toMatchObject({
      milestonesDone: 0,
      milestonesTotal: 0,
      countersigned: 0,
      lastEvent: { type: 'AgreementDrafted' },
    });
  });

  it('given no token, when drafting or listing, then UNAUTHENTICATED', async () => {
    expect(await codeOf(call(agreements, 'Draft', HUE_KOICA_DRAFT))).toBe('UNAUTHENTICATED');
    expect(await codeOf(call(query, 'ListAgreements', {}))).toBe('UNAUTHENTICATED');
  });

  it('given no token and a bad message, when drafting or listing, then UNAUTHENTICATED before INVALID_ARGUMENT', async () => {
    expect(await codeOf(call(agreements, 'Draft', { title: '' }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(call(query, 'ListAgreements', { status: 'SIGNED_OFF' }))).toBe('UNAUTHENTICATED');
  });

  it('given an auditor, when drafting, then PERMISSION_DENIED', async () => {
    expect(await codeOf(call(agreements, 'Draft', HUE_KOICA_DRAFT, 'auditor'))).toBe('PERMISSION_DENIED');
  });

  it('given an unknown agreement, when read, then NOT_FOUND', async () => {
    const missing = { agreementId: '00000000-0000-4000-8000-000000000000' };
    expect(await codeOf(call(agreements, 'GetAgreement', missing, 'officer'))).toBe('NOT_FOUND');
  });

  it('given a stale revision, when amending, then ABORTED', async () => {
    const drafted = await call(agreements, 'Draft', HUE_KOICA_DRAFT, 'officer');
    const stale = { target: { agreementId: drafted.agreementId, expectedRevision: 7 }, title: 'Đổi tên' };
    expect(await codeOf(call(agreements, 'AmendTerms', stale, 'officer'))).toBe('ABORTED');
  });

  it('given a bad list filter, when listing, then INVALID_ARGUMENT', async () => {
    expect(await codeOf(call(query, 'ListAgreements', { status: 'SIGNED_OFF' }, 'officer'))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
