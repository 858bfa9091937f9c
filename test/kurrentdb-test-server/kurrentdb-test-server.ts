/**
 * A KurrentDB TEST DOUBLE: a gRPC server built from the service definitions generated inside
 * `@kurrent/kurrentdb-client`, so the real client talks real gRPC/HTTP2 to it. It implements only
 * what the hub's adapter calls, with KurrentDB's documented semantics:
 * - Streams.Append: expected state any / no_stream / stream_exists / exact revision, idempotent
 *   retry by event id (same ids at the same revisions answer the original success);
 * - Streams.Read: a stream or `$all`, forwards/backwards, from a revision/position, a count,
 *   a stream-name filter (prefixes or regex), and catch-up subscriptions (confirmation, stored
 *   events, CaughtUp, then live events).
 * Everything else (ServerFeatures, Gossip, persistent subscriptions, ACLs, deletes, $-streams,
 * link resolution, TLS, clustering, durability) answers UNIMPLEMENTED or does not exist here.
 * See docs/kurrentdb.md.
 */
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';

const require = createRequire(import.meta.url);
const v1 = '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const { StreamsService } = require(`${v1}streams_grpc_pb`) as { StreamsService: grpc.ServiceDefinition };
const pb = require(`${v1}streams_pb`) as Any;
const shared = require(`${v1}shared_pb`) as Any;

interface StoredEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: number;
  /** Commit (= prepare) position: increasing, deliberately not contiguous, as in KurrentDB. */
  readonly position: bigint;
  readonly metadata: ReadonlyMap<string, string>;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface KurrentDbTestServer {
  /** `kurrentdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Positions advance by a record's size-like step, like KurrentDB's log offsets. */
const POSITION_STEP_BASE = 97n;

export async function startKurrentDbTestServer(): Promise<KurrentDbTestServer> {
  const log: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const live = new Set<(e: StoredEvent) => void>();
  let nextPosition = 0n;

  const streamName = (identifier: Any): string =>
    Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
  const identifierOf = (name: string): Any => {
    const id = new shared.StreamIdentifier();
    id.setStreamName(Buffer.from(name, 'utf8'));
    return id;
  };
  const uuidOf = (id: string): Any => {
    const u = new shared.UUID();
    u.setString(id);
    return u;
  };

  const toReadEvent = (e: StoredEvent): Any => {
    const rec = new pb.ReadResp.ReadEvent.RecordedEvent();
    rec.setId(uuidOf(e.id));
    rec.setStreamIdentifier(identifierOf(e.streamName));
    rec.setStreamRevision(String(e.revision));
    rec.setPreparePosition(String(e.position));
    rec.setCommitPosition(String(e.position));
    for (const [k, v] of e.metadata) rec.getMetadataMap().set(k, v);
    rec.setCustomMetadata(e.customMetadata);
    rec.setData(e.data);
    const read = new pb.ReadResp.ReadEvent();
    read.setEvent(rec);
    read.setCommitPosition(String(e.position));
    const resp = new pb.ReadResp();
    resp.setEvent(read);
    return resp;
  };

  function append(call: grpc.ServerReadableStream<Any, Any>, callback: grpc.sendUnaryData<Any>): void {
    let options: Any;
    const proposed: Any[] = [];
    call.on('data', (req: Any) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) proposed.push(req.getProposedMessage());
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'missing options' });
      const name = streamName(options.getStreamIdentifier());
      const stream = streams.get(name) ?? [];
      const current = stream.length - 1;
      const ids = proposed.map((m) => m.getId().getString() as string);
      const wrong = (): void => {
        const w = new pb.AppendResp.WrongExpectedVersion();
        if (current >= 0) w.setCurrentRevision(String(current));
        else w.setCurrentNoStream(new shared.Empty());
        if (options.hasRevision()) w.setExpectedRevision(options.getRevision());
        else if (options.hasNoStream()) w.setExpectedNoStream(new shared.Empty());
        else if (options.hasStreamExists()) w.setExpectedStreamExists(new shared.Empty());
        else w.setExpectedAny(new shared.Empty());
        const resp = new pb.AppendResp();
        resp.setWrongExpectedVersion(w);
        callback(null, resp);
      };
      const success = (revision: number, position: bigint | undefined): void => {
        const s = new pb.AppendResp.Success();
        if (revision >= 0) s.setCurrentRevision(String(revision));
        else s.setNoStream(new shared.Empty());
        if (position === undefined) s.setNoPosition(new shared.Empty());
        else {
          const p = new pb.AppendResp.Position();
          p.setCommitPosition(String(position));
          p.setPreparePosition(String(position));
          s.setPosition(p);
        }
        const resp = new pb.AppendResp();
        resp.setSuccess(s);
        callback(null, resp);
      };
      // Idempotence (KurrentDB keeps recent event ids): the same ids already written right after
      // the expected revision answer the original success instead of writing twice.
      const expectedStart = options.hasRevision()
        ? Number(options.getRevision()) + 1
        : options.hasNoStream()
          ? 0
          : -1;
      const startOfIds = ids.length > 0 ? stream.findIndex((e) => e.id === ids[0]) : -1;
      if (startOfIds >= 0 && (expectedStart === -1 || expectedStart === startOfIds)) {
        const slice = stream.slice(startOfIds, startOfIds + ids.length);
        if (slice.length === ids.length && slice.every((e, i) => e.id === ids[i])) {
          const last = slice[slice.length - 1]!;
          return success(last.revision, last.position);
        }
      }
      if (options.hasRevision() && Number(options.getRevision()) !== current) return wrong();
      if (options.hasNoStream() && current !== -1) return wrong();
      if (options.hasStreamExists() && current === -1) return wrong();
      if (proposed.length === 0) return success(current, undefined);
      // `created` is in .NET ticks (100 ns) since the Unix epoch, as the client decodes it.
      const created = String(BigInt(Date.now()) * 10_000n);
      const written: StoredEvent[] = proposed.map((m, i) => {
        const meta = new Map<string, string>();
        m.getMetadataMap().forEach((v: string, k: string) => meta.set(k, v));
        meta.set('created', created);
        const data = m.getData_asU8() as Uint8Array;
        nextPosition += POSITION_STEP_BASE + BigInt(data.length);
        return {
          id: ids[i]!,
          streamName: name,
          revision: current + 1 + i,
          position: nextPosition,
          metadata: meta,
          data,
          customMetadata: m.getCustomMetadata_asU8() as Uint8Array,
        };
      });
      streams.set(name, [...stream, ...written]);
      log.push(...written);
      for (const e of written) for (const l of live) l(e);
      const last = written[written.length - 1]!;
      success(last.revision, last.position);
    });
  }

  function read(call: grpc.ServerWritableStream<Any, Any>): void {
    const options = call.request.getOptions();
    const backwards = options.getReadDirection() === pb.ReadReq.Options.ReadDirection.BACKWARDS;
    const count = options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;
    const matches = filterOf(options);
    let events: StoredEvent[];
    if (options.hasStream()) {
      const s = options.getStream();
      const name = streamName(s.getStreamIdentifier());
      const stream = streams.get(name);
      if (!stream) {
        if (options.hasSubscription()) events = [];
        else {
          const nf = new pb.ReadResp.StreamNotFound();
          nf.setStreamIdentifier(identifierOf(name));
          const resp = new pb.ReadResp();
          resp.setStreamNotFound(nf);
          call.write(resp);
          call.end();
          return;
        }
      } else if (backwards) {
        const from = s.hasRevision() ? Number(s.getRevision()) : stream.length - 1;
        events = stream.filter((e) => e.revision <= from).reverse();
      } else {
        const from = s.hasRevision() ? Number(s.getRevision()) : s.hasEnd() ? stream.length : 0;
        events = stream.filter((e) => e.revision >= from);
      }
    } else {
      const a = options.getAll();
      const pos = a.hasPosition() ? BigInt(a.getPosition().getCommitPosition()) : undefined;
      if (backwards) {
        // Reading backwards from P returns events strictly before P (KurrentDB semantics).
        events = log.filter((e) => (pos === undefined || a.hasEnd() ? true : e.position < pos)).reverse();
      } else if (options.hasSubscription()) {
        // A subscription from P delivers events after P; from start delivers everything.
        events = log.filter((e) => (a.hasEnd() ? false : pos === undefined ? true : e.position > pos));
      } else {
        events = log.filter((e) => (a.hasEnd() ? false : pos === undefined ? true : e.position >= pos));
      }
      events = events.filter(matches);
    }
    if (!options.hasSubscription()) {
      for (const e of events.slice(0, count)) call.write(toReadEvent(e));
      call.end();
      return;
    }
    const confirmation = new pb.ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(`test-${Math.random().toString(36).slice(2)}`);
    const c = new pb.ReadResp();
    c.setConfirmation(confirmation);
    call.write(c);
    for (const e of events) call.write(toReadEvent(e));
    const caught = new pb.ReadResp();
    caught.setCaughtUp(new pb.ReadResp.CaughtUp());
    call.write(caught);
    const listener = (e: StoredEvent): void => {
      if (
        options.hasAll() ? matches(e) : e.streamName === streamName(options.getStream().getStreamIdentifier())
      )
        call.write(toReadEvent(e));
    };
    live.add(listener);
    const stop = (): void => {
      live.delete(listener);
    };
    call.on('cancelled', stop);
    call.on('close', stop);
    call.on('error', stop);
  }

  const server = new grpc.Server();
  server.addService(StreamsService, {
    append,
    read,
    delete: unimplemented,
    tombstone: unimplemented,
    batchAppend: unimplementedStream,
  } as unknown as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    port,
    connectionString: `kurrentdb://127.0.0.1:${port}?tls=false`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 500).unref();
      }),
  };
}

function filterOf(options: Any): (e: StoredEvent) => boolean {
  if (!options.hasFilter()) return () => true;
  const f = options.getFilter();
  const expression = f.hasStreamIdentifier() ? f.getStreamIdentifier() : f.getEventType();
  const subject = f.hasStreamIdentifier()
    ? (e: StoredEvent) => e.streamName
    : (e: StoredEvent) => e.metadata.get('type') ?? '';
  const prefixes: string[] = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex() as string) : undefined;
  return (e) => {
    const s = subject(e);
    if (prefixes.length > 0 && !prefixes.some((p) => s.startsWith(p))) return false;
    return regex ? regex.test(s) : true;
  };
}

function unimplemented(_call: unknown, callback: grpc.sendUnaryData<unknown>): void {
  callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the KurrentDB test double' });
}
function unimplementedStream(call: grpc.ServerDuplexStream<unknown, unknown>): void {
  call.emit('error', {
    code: grpc.status.UNIMPLEMENTED,
    details: 'not implemented by the KurrentDB test double',
  });
}
