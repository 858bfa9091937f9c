import { Module, type DynamicModule } from '@nestjs/common';
import { ActorGuard } from '@ketnoi/platform';
import { AdminProjectionsController } from './http/admin-projections.controller.js';
import { EventStreamController } from './http/event-stream.controller.js';
import { ReadModelController } from './http/read-model.controller.js';
import { QueryGrpcController } from './grpc/query-grpc.controller.js';
import { PROJECTIONS_OPTIONS, ProjectionsHost, type ProjectionsOptions } from './projections-host.js';

/**
 * The read side: runs the projections and serves the read models (`/v1/agreements` list,
 * portfolio, donors, programmes, activity, SSE, admin rebuild). The importing app provides
 * SQL_CLIENT, EVENT_STORE, NODE_CONTEXT and ACTOR_RESOLVER as global providers; with the global
 * MetricsModule and HealthModule it also reports lag on /metrics and poison events on /health/ready.
 * gRPC `ketnoi.query.v1.Query` is served once the app calls `attachQueryGrpc`.
 */
@Module({
  controllers: [ReadModelController, EventStreamController, AdminProjectionsController, QueryGrpcController],
  providers: [ProjectionsHost, ActorGuard],
  exports: [ProjectionsHost],
})
export class ProjectionsModule {
  /** With options (poll interval, read-your-writes bound). `imports: [ProjectionsModule]` uses the defaults. */
  static forRoot(options: ProjectionsOptions): DynamicModule {
    return { module: ProjectionsModule, providers: [{ provide: PROJECTIONS_OPTIONS, useValue: options }] };
  }
}
