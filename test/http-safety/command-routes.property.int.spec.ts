import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, loadPackageDefinition, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import fc from 'fast-check';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agreementsProtoPath, COMMAND_SLICES, type AnyCommandSlice } from '@ketnoi/agreements';
import { GRPC_LOADER_OPTIONS } from '@ketnoi/platform/grpc';
import { loadConfig } from '@ketnoi/config';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken } from '@ketnoi/platform';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub.js';
import { HUE_KOICA_DRAFT } from '../../libs/agreements/src/testing/fixtures.js';
import { freePort } from '../../libs/agreements/src/testing/free-port.js';
import {
  encodeSegment,
  fieldsOf,
  grpcMessage,
  headerText,
  pathSegment,
  plausible,
  serialize,
  wireBody,
  type WireBody,
} from './command-input.arbitraries.js';

/** A header a client sends now and then (null: not sent), so that most requests get past it. */
const sometimes = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: value, weight: 1 });

/** Fixed so that a failure replays; fast-check prints it (and the shrunk path) with the counterexample. */
const SEED = Number(process.env.KETNOI_FC_SEED ?? 17_017);
/** Runs per command route: 19 routes × 100 = 1,900 requests, about 15 s on PGlite (≈ 27 s with the hub start). */
const RUNS_PER_ROUTE = Number(process.env.KETNOI_FC_RUNS ?? 100);
/** Calls over all commands of the gRPC service together. */
const GRPC_RUNS = Number(process.env.KETNOI_FC_GRPC_RUNS ?? 400);

interface Sent {
  readonly status: number;
  readonly type: string;
  readonly replayed: boolean;
  readonly body: Record<string, unknown> | undefined;
  readonly raw: string;
}

// Issue 17, "every boundary hardened": bad input gets a 4xx problem naming the field and changes
// nothing, never a 500, on every command route of COMMAND_SLICES (a new command is covered as
// soon as it is in that list). The hub as served, in process, PGlite.
describe('every command route under arbitrary input', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-fuzz-'));
  let hub: RunningHub;
  let store: EventStore;
  let nodeKey: KeyObject;
  const tokens: Record<string, string | undefined> = {};
  const ids: { agreements: string[]; milestones: string[] } = { agreements: [], milestones: [] };

  const send = async (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Sent> => {
    // A Blob has no type: a body without Content-Type goes out without one (a string would be text/plain).
    const res = await fetch(`${hub.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: new Blob([body]) }) });
    const raw = await res.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      replayed: res.headers.get('idempotent-replayed') === 'true',
      body: parsed,
      raw,
    };
  };
  const admin = () => ({ authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' });
  const command = async (path: string, body: object, expected = 200) => {
    const res = await send('POST', path, admin(), JSON.stringify(body));
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: expected });
    return res.body as { agreementId: string };
  };

  beforeAll(async () => {
    hub = await startHub(
      loadConfig({
        PORT: '0',
        GRPC_PORT: String(await freePort()),
        KETNOI_NODE_ID: 'vn-hue',
        KETNOI_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        // The property sends a thousand commands a minute; the limit has tests of its own.
        KETNOI_COMMAND_RATE_LIMIT: '1000000',
      }),
    );
    store = hub.app.get<EventStore>(EVENT_STORE, { strict: false });
    nodeKey = (await loadNodeKey(dataDir)).privateKey;
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    Object.assign(tokens, {
      admin: await mintToken({ role: 'admin', node: 'vn-hue' }, nodeKey),
      officer: await mintToken({ role: 'officer', node: 'vn-hue' }, nodeKey),
      officerElsewhere: await mintToken({ role: 'officer', node: 'vn-hanoi' }, nodeKey),
      partner: await mintToken({ role: 'partner', node: 'org-koica' }, nodeKey),
      auditor: await mintToken({ role: 'auditor', node: 'vn-hue' }, nodeKey),
      unknownRole: await mintToken({ role: 'superuser' as never, node: 'vn-hue' }, nodeKey),
      otherKey: await mintToken({ role: 'admin', node: 'vn-hue' }, otherKey),
    });

    // A few agreements in different states, so that routes with existing ids reach the domain.
    const draft = () => command('/v1/agreements', HUE_KOICA_DRAFT, 201);
    const drafted = await draft();
    const proposed = await draft();
    await command(`/v1/agreements/${proposed.agreementId}/propose`, {});
    const active = await draft();
    await command(`/v1/agreements/${active.agreementId}/funding`, { amount: '1000', currency: 'USD', donor: 'org-koica' });
    await command(`/v1/agreements/${active.agreementId}/propose`, {});
    await command(`/v1/agreements/${active.agreementId}/countersign`, { party: 'vn-hue' });
    await command(`/v1/agreements/${active.agreementId}/countersign`, { party: 'org-koica' });
    await command(`/v1/agreements/${active.agreementId}/activate`, {});
    const milestoneId = '0193a1a8-0000-7000-8000-00000000a001';
    await command(`/v1/agreements/${active.agreementId}/milestones`, { milestoneId, title: 'Khởi công', dueDate: '2026-06-30' });
    const terminated = await draft();
    await command(`/v1/agreements/${terminated.agreementId}/propose`, {});
    await command(`/v1/agreements/${terminated.agreementId}/terminate`, { reason: 'Đối tác rút lui' });
    ids.agreements.push(drafted.agreementId, proposed.agreementId, active.agreementId, terminated.agreementId);
    ids.milestones.push(milestoneId);
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One arbitrary request to the slice's route: path ids, headers the API reads, token, body. */
  const requestTo = (slice: AnyCommandSlice) =>
    fc.record({
      agreementId: pathSegment(ids.agreements),
      milestoneId: pathSegment(ids.milestones),
      nodeId: pathSegment(['vn-hue', 'org-koica', 'fr-nevers']),
      token: fc.oneof(
        { arbitrary: fc.constantFrom('admin', 'officer'), weight: 6 },
        { arbitrary: fc.constantFrom('officerElsewhere', 'partner', 'auditor'), weight: 2 },
        { arbitrary: fc.constantFrom('unknownRole', 'otherKey', 'garbage', 'basic', 'none'), weight: 2 },
      ),
      contentType: fc.oneof(
        { arbitrary: fc.constantFrom('application/json'), weight: 6 },
        {
          arbitrary: fc.constantFrom(
            undefined,
            'application/json; charset=utf-8',
            'application/json; charset=latin1',
            'application/problem+json',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
          ),
          weight: 2,
        },
        { arbitrary: headerText(fc.string({ maxLength: 30 })), weight: 1 },
      ),
      ifMatch: sometimes(
        fc.oneof(
          fc.nat({ max: 8 }).map((n) => `"${n}"`),
          fc.nat({ max: 8 }).map((n) => `W/"${n}"`),
          fc.constantFrom('*', '"99999999999999999999"', '"-1"', '""'),
          headerText(fc.string({ unit: 'grapheme', maxLength: 20 })),
        ),
      ),
      idempotencyKey: sometimes(
        fc.oneof(
          fc.constantFrom('retry-1', 'retry-2'), // shared across runs: replays and mismatches
          fc.uuid(),
          headerText(fc.string({ unit: 'grapheme', maxLength: 20 })),
          fc.constant('k'.repeat(300)),
        ),
      ),
      correlationId: sometimes(headerText(fc.string({ maxLength: 140 }))),
      body: wireBody(slice.body),
    });

  const pathOf = (slice: AnyCommandSlice, r: { agreementId: string; milestoneId: string; nodeId: string }) => {
    if (slice.creates) return '/v1/agreements';
    const rest = slice.path
      .replace(':milestoneId', encodeSegment(r.milestoneId))
      .replace(':nodeId', encodeSegment(r.nodeId));
    return `/v1/agreements/${encodeSegment(r.agreementId)}/${rest}`;
  };
  const authorizationOf = (token: string): string | undefined => {
    if (token === 'none') return undefined;
    if (token === 'garbage') return 'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.';
    if (token === 'basic') return 'Basic YWRtaW46YWRtaW4=';
    return `Bearer ${tokens[token]}`;
  };

  /** The properties every answer must have; `before` is the log head when the request was sent. */
  const expectAnswerKeepsTheLogHonest = async (res: Sent, before: bigint) => {
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(500);
    const after = await store.headPosition();
    if (res.status >= 400) {
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ title: expect.any(String), detail: expect.any(String), status: res.status });
      if (res.status === 400) {
        const fields = ((res.body!.errors ?? []) as Array<{ field?: unknown }>).map((e) => e.field);
        expect(fields.length).toBeGreaterThan(0);
        // A key may be named " " by the client; named back as it was sent, it still names the field.
        for (const field of fields) expect(field).toEqual(expect.stringMatching(/^[^]+$/));
      }
      expect(after).toBe(before);
      return;
    }
    if (res.replayed) {
      expect(after).toBe(before);
      return;
    }
    // A 2xx: the log grew by exactly the events of the agreement the response names, ending at
    // the revision and position it reports; or by none, when the command changed nothing (an
    // amendment to the terms as they are) and the revision reported is the stream's last.
    const { agreementId, revision, position } = res.body as { agreementId: string; revision: number; position: string };
    const appended = await store.readAll({ after: before });
    if (appended.length === 0) {
      const [last] = await store.readStream(`agreement-${agreementId}`, { direction: 'backwards', maxCount: 1 });
      expect(last?.revision).toBe(revision);
      return;
    }
    expect(new Set(appended.map((e) => e.streamId))).toEqual(new Set([`agreement-${agreementId}`]));
    expect(appended.map((e) => e.revision)).toEqual(appended.map((_, i) => revision - appended.length + 1 + i));
    expect(appended.at(-1)!.globalPosition).toBe(BigInt(position));
    expect(after).toBe(BigInt(position));
  };

  it.each(COMMAND_SLICES.map((slice, i) => [`${slice.rpc} (POST ${slice.creates ? '' : '…/'}${slice.path})`, slice, i] as const))(
    'given arbitrary bodies, ids, headers and tokens, when sent to %s, then never a 5xx, every 4xx a problem naming the field that records nothing, every 2xx exactly its events',
    async (_name, slice, index) => {
      await fc.assert(
        fc.asyncProperty(requestTo(slice), async (r) => {
          const headers: Record<string, string> = {};
          const authorization = authorizationOf(r.token);
          if (authorization) headers.authorization = authorization;
          if (r.contentType !== undefined) headers['content-type'] = r.contentType;
          if (r.ifMatch !== null) headers['if-match'] = r.ifMatch;
          if (r.idempotencyKey !== null) headers['idempotency-key'] = r.idempotencyKey;
          if (r.correlationId !== null) headers['x-correlation-id'] = r.correlationId;
          const before = await store.headPosition();
          const res = await send('POST', pathOf(slice, r), headers, serialize(r.body as WireBody));
          await expectAnswerKeepsTheLogHonest(res, before);
        }),
        // One seed per route (its place in the list), so that routes do not all get the same inputs.
        { seed: SEED + index, numRuns: RUNS_PER_ROUTE, endOnFailure: false },
      );
    },
    120_000,
  );

  // What the property found, as examples that name it.
  it.each(['%C3%28', '%FF'])(
    'given an agreement id %s that is not percent-encoded UTF-8, when proposing, then 400 naming the path (not "Failed to decode param") and nothing recorded',
    async (segment) => {
      const before = await store.headPosition();
      const res = await send('POST', `/v1/agreements/${segment}/propose`, admin(), '{}');
      expect({ status: res.status, type: res.type, code: res.body?.code }).toEqual({
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
        code: 'INVALID_REQUEST',
      });
      expect(res.body?.errors).toEqual([{ field: 'path', message: expect.stringMatching(/UTF-8/) }]);
      expect(await store.headPosition()).toBe(before);
    },
  );

  // The gRPC edge of the same slices: protobuf fixes the wire types, so the content is what varies.
  // The generated client has no static types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type GrpcClient = any;
  const GRPC_PACKAGE = 'ketnoi.agreements.v1';
  /** What bad input may get: a refusal in the caller's terms, never INTERNAL or UNKNOWN. */
  const REFUSALS = new Set([
    status.INVALID_ARGUMENT,
    status.NOT_FOUND,
    status.ALREADY_EXISTS,
    status.ABORTED,
    status.FAILED_PRECONDITION,
    status.RESOURCE_EXHAUSTED,
    status.UNAUTHENTICATED,
    status.PERMISSION_DENIED,
  ]);

  it('given arbitrary messages and tokens, when sent to every command of the gRPC service, then a refusal is never INTERNAL or UNKNOWN and records nothing, every OK exactly its events', async () => {
    const definition = loadSync(agreementsProtoPath(), { ...GRPC_LOADER_OPTIONS });
    const Agreements = (loadPackageDefinition(definition) as GrpcClient).ketnoi.agreements.v1.Agreements;
    const client: GrpcClient = new Agreements(hub.grpcAddress, credentials.createInsecure());
    // Plausible string values by field name, from the REST bodies and the path parameters.
    const plausibleByName = new Map<string, fc.Arbitrary<unknown>>([
      ['agreementId', pathSegment(ids.agreements)],
      ['milestoneId', fc.oneof(fc.constantFrom(...ids.milestones), fc.uuid())],
      ['nodeId', fc.constantFrom('vn-hue', 'org-koica', 'fr-nevers', 'VN-HUE')],
    ]);
    for (const slice of COMMAND_SLICES) {
      for (const [name, meta] of fieldsOf(slice.body)) {
        const isText = meta.type === String || (meta.enum !== undefined && !meta.isArray);
        if (isText && !meta.isArray && !plausibleByName.has(name)) plausibleByName.set(name, plausible(meta));
      }
    }
    const call = (slice: AnyCommandSlice, message: object, token: string): Promise<{ error: ServiceError | null; reply: GrpcClient }> =>
      new Promise((resolve) => {
        const metadata = new Metadata();
        const authorization = authorizationOf(token);
        if (authorization) metadata.set('authorization', authorization);
        client[slice.rpc](message, metadata, { deadline: Date.now() + 10_000 }, (error: ServiceError | null, reply: GrpcClient) =>
          resolve({ error, reply }),
        );
      });
    const arbitraryCall = fc.constantFrom(...COMMAND_SLICES).chain((slice) =>
      fc.record({
        rpc: fc.constant(slice.rpc),
        token: fc.oneof(
          { arbitrary: fc.constantFrom('admin', 'officer'), weight: 6 },
          { arbitrary: fc.constantFrom('officerElsewhere', 'partner', 'auditor', 'unknownRole', 'otherKey', 'garbage', 'none'), weight: 3 },
        ),
        message: grpcMessage(
          definition as never,
          `${GRPC_PACKAGE}.${(definition[`${GRPC_PACKAGE}.Agreements`] as GrpcClient)[slice.rpc].requestType.type.name}`,
          (name) => plausibleByName.get(name),
        ),
      }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(arbitraryCall, async ({ rpc, token, message }) => {
          const slice = COMMAND_SLICES.find((s) => s.rpc === rpc)!;
          const before = await store.headPosition();
          const { error, reply } = await call(slice, message, token);
          if (error) {
            expect([...REFUSALS].map((code) => status[code])).toContain(status[error.code]);
            expect(error.details).toMatch(/\S/);
            expect(await store.headPosition()).toBe(before);
            return;
          }
          await expectAnswerKeepsTheLogHonest({ status: 200, type: '', replayed: false, body: reply, raw: '' }, before);
        }),
        { seed: SEED, numRuns: GRPC_RUNS, endOnFailure: false },
      );
    } finally {
      client.close();
    }
  }, 120_000);
});
