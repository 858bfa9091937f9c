import { Controller, Inject, UseFilters, type INestApplication, type Type } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EVENT_STORE, SQL_CLIENT, type EventStore, type SqlClient } from '@ketnoi/event-store';
import {
  ACTOR_RESOLVER,
  flattenValidationErrors,
  invalidRequest,
  readScope,
  type Actor,
  type ActorResolver,
} from '@ketnoi/platform';
import {
  attachGrpcServices,
  GrpcProblemFilter,
  protoFile,
  type GrpcListener,
  type GrpcService,
} from '@ketnoi/platform/grpc';
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

export const queryProtoPath = (): string => protoFile('ketnoi/query/v1/query.proto', import.meta.url);

/** `ketnoi.query.v1.Query`, served by ProjectionsModule's gRPC controller. */
export const queryGrpcService = (): GrpcService => ({
  package: QUERY_GRPC_PACKAGE,
  protoPath: queryProtoPath(),
});

/** Serves only the Query service on its own port; the hub serves every service on one port. */
export function attachQueryGrpc(app: INestApplication, listener: GrpcListener): void {
  attachGrpcServices(app, listener, [queryGrpcService()]);
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
@UseFilters(GrpcProblemFilter)
export class QueryGrpcController {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ACTOR_RESOLVER) private readonly actors: ActorResolver,
    private readonly host: ProjectionsHost,
  ) {}

  @GrpcMethod('Query', 'ListAgreements')
  async listAgreements(message: Record<string, unknown>, metadata: Metadata) {
    // Who asks before what is asked: without credentials, UNAUTHENTICATED whatever the message.
    const scope = readScope(await this.actor(metadata));
    const { minPosition, ...filter } = await validated(ListAgreementsQuery, message);
    await this.host.awaitPosition(minPosition === undefined ? undefined : BigInt(minPosition), [
      PARTNERSHIP_STATUS,
    ]);
    const page = await listAgreements(this.sql, filter, scope);
    return {
      itemsJson: page.items.map((i) => JSON.stringify(i)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  @GrpcMethod('Query', 'GetPortfolio')
  async getPortfolio(message: { nodeId?: string; asOf?: string; minPosition?: string }, metadata: Metadata) {
    const scope = readScope(await this.actor(metadata));
    const { nodeId } = await validated(NodeParams, { nodeId: message.nodeId });
    const query = await validated(AsOfQuery, { asOf: message.asOf, minPosition: message.minPosition });
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
    const scope = readScope(await this.actor(metadata));
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
      scope,
    );
    return { json: JSON.stringify(feed) };
  }

  private async actor(metadata: Metadata): Promise<Actor> {
    return this.actors.resolve(metadata.getMap() as Record<string, string>);
  }
}
