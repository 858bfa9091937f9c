import { Global, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  configureHttpApp,
  HealthModule,
  localOfficerActorProvider,
  MetricsModule,
  ACTOR_RESOLVER,
} from '@ketnoi/platform';
import { ProjectionsModule, type ProjectionsOptions } from '@ketnoi/projections';

export interface RunningProjectionsService {
  readonly app: INestApplication;
  /** `http://host:port` actually bound (PORT=0 picks a free port). */
  readonly url: string;
  close(): Promise<void>;
}

// Until this service composes AuthModule (it needs the node key), callers are the local officer,
// as in apps/agreements.
@Global()
@Module({ providers: [localOfficerActorProvider], exports: [ACTOR_RESOLVER] })
class LocalActorModule {}

/**
 * The standalone read service: the projections (catch-up on the node's log) and their query
 * API, `/metrics` with projection lag, `/health/ready` naming a stopped projection. `storage`
 * provides EVENT_STORE, SQL_CLIENT and NODE_CONTEXT (the platform's StorageModule in production).
 */
export async function startProjectionsService(
  http: { readonly host: string; readonly port: number },
  storage: DynamicModule,
  options: { readonly logger?: false; readonly projections?: ProjectionsOptions } = {},
): Promise<RunningProjectionsService> {
  @Module({
    imports: [
      storage,
      LocalActorModule,
      MetricsModule,
      HealthModule,
      ProjectionsModule.forRoot(options.projections ?? {}),
    ],
  })
  class ProjectionsServiceModule {}

  const app = await NestFactory.create(
    ProjectionsServiceModule,
    options.logger === false ? { logger: false } : {},
  );
  configureHttpApp(app, { title: 'Kết nối read models (query API)' });
  app.enableShutdownHooks();
  await app.listen(http.port, http.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://${http.host}:${address.port}`, close: () => app.close() };
}
