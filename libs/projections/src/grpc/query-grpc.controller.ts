import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Catch,
  Controller,
  Inject,
  Logger,
  UseFilters,
  type INestApplication,
  type RpcExceptionFilter,
  type Type,
} from '@nestjs/common';
import { GrpcMethod, Transport, type GrpcOptions } from '@nestjs/microservices';
import { Metadata, status } from '@grpc/grpc-js';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { throwError, type Observable } from 'rxjs';
import { EVENT_STORE, SQL_CLIENT, type EventStore, type SqlClient } from '@ketnoi/event-store';
import {
  ACTOR_RESOLVER,
  errorToProblem,
  flattenValidationErrors,
  invalidRequest,
  readScope,
  type Actor,
  type ActorResolver,
} from '@ketnoi/platform';
import { ACTIVITY } from '../activity/activity.projection.js';
import { PARTNERSHIP_STATUS } from '../partnership-status/partnership-status.projection.js';
import { ProjectionsHost } from '../projections-host.js';
import { listActivity } from '../queries/activity.js';
import { statusRowsAsOf } from '../queries/as-of.js';
import { listAgreements } from '../queries/list-agreements.js';
import { loadPartyRows, portfolioOf } from '../queries/portfolio.js';
import { ActivityQuery, AsOfQuery, ListAgreementsQuery, NodeParams } from '../http/query-dtos.js';
import { asOfParam } from '../http/read-your-writes.js';

export const QUERY_GRPC_PACKAGE = 'ketnoi.query.v1';
const PROTO = join('proto', 'ketnoi', 'query', 'v1', 'query.proto');

/** The proto file, found by walking up from this module (it runs from `libs/` or `dist/libs/`). */
export function queryProtoPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, PROTO);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${PROTO} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const QUERY_PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: false,
  oneofs: false,
} as const;

/** Serves `ketnoi.query.v1.Query` on its own port; call `app.startAllMicroservices()` afterwards. */
export function attachQueryGrpc(
  app: INestApplication,
  { port, host = '127.0.0.1' }: { port: number; host?: string },
): void {
  app.connectMicroservice<GrpcOptions>({
    transport: Transport.GRPC,
    options: {
      package: QUERY_GRPC_PACKAGE,
      protoPath: queryProtoPath(),
      url: `${host}:${port}`,
      loader: { ...QUERY_PROTO_LOADER_OPTIONS },
    },
  });
}

/** Problems as gRPC status errors (the REST mapping first, then HTTP status to gRPC code). */
@Catch()
class QueryGrpcProblemFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('QueryGrpc');
  catch(exception: unknown): Observable<never> {
    const problem = errorToProblem(exception);
    const metadata = new Metadata();
    metadata.set('ketnoi-code', problem.code);
    if (problem.errors?.length) metadata.set('ketnoi-fields', problem.errors.map((e) => e.field).join(','));
    const code =
      (
        {
          400: status.INVALID_ARGUMENT,
          403: status.PERMISSION_DENIED,
          404: status.NOT_FOUND,
          503: status.UNAVAILABLE,
        } as Record<number, status>
      )[problem.status] ?? status.INTERNAL;
    if (code === status.INTERNAL) this.logger.error('gRPC query failed', exception as Error);
    return throwError(() =>
      Object.assign(new Error(problem.detail), { code, details: problem.detail, metadata }),
    );
  }
}

async function validated<T extends object>(type: Type<T>, plain: Record<string, unknown>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
  const instance = plainToInstance(type, defined);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw invalidRequest(flattenValidationErrors(errors));
  return instance;
}

@Controller()
@UseFilters(QueryGrpcProblemFilter)
export class QueryGrpcController {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ACTOR_RESOLVER) private readonly actors: ActorResolver,
    private readonly host: ProjectionsHost,
  ) {}

  @GrpcMethod('Query', 'ListAgreements')
  async listAgreements(message: Record<string, unknown>, metadata: Metadata) {
    const { minPosition, ...filter } = await validated(ListAgreementsQuery, message);
    await this.host.awaitPosition(minPosition === undefined ? undefined : BigInt(minPosition), [
      PARTNERSHIP_STATUS,
    ]);
    const page = await listAgreements(this.sql, filter, readScope(await this.actor(metadata)));
    return {
      itemsJson: page.items.map((i) => JSON.stringify(i)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  @GrpcMethod('Query', 'GetPortfolio')
  async getPortfolio(message: { nodeId?: string; asOf?: string; minPosition?: string }, metadata: Metadata) {
    const { nodeId } = await validated(NodeParams, { nodeId: message.nodeId });
    const query = await validated(AsOfQuery, { asOf: message.asOf, minPosition: message.minPosition });
    const scope = readScope(await this.actor(metadata));
    if (query.asOf !== undefined) {
      const rows = await statusRowsAsOf(this.store, asOfParam(query.asOf), scope);
      return { json: JSON.stringify({ ...portfolioOf(nodeId, rows), asOf: query.asOf }) };
    }
    await this.host.awaitPosition(query.minPosition === undefined ? undefined : BigInt(query.minPosition), [
      PARTNERSHIP_STATUS,
    ]);
    return { json: JSON.stringify(portfolioOf(nodeId, await loadPartyRows(this.sql, nodeId, scope))) };
  }

  @GrpcMethod('Query', 'ListActivity')
  async listActivity(message: Record<string, unknown>, metadata: Metadata) {
    const query = await validated(ActivityQuery, message);
    await this.host.awaitPosition(query.minPosition === undefined ? undefined : BigInt(query.minPosition), [
      ACTIVITY,
    ]);
    const feed = await listActivity(
      this.sql,
      {
        ...(query.agreementId ? { agreementId: query.agreementId } : {}),
        ...(query.cursor ? { before: BigInt(query.cursor) } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      },
      readScope(await this.actor(metadata)),
    );
    return { json: JSON.stringify(feed) };
  }

  private async actor(metadata: Metadata): Promise<Actor> {
    return this.actors.resolve(metadata.getMap() as Record<string, string>);
  }
}
