import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  ACTOR_RESOLVER,
  configureHttpApp,
  HealthModule,
  MetricsModule,
  type Actor,
  type ActorResolver,
} from '@ketnoi/platform';
import { testStorageModule, type TestStorage } from '../../../agreements/src/testing/agreements-test-app.js';
import { ProjectionsHost } from '../projections-host.js';
import { ProjectionsModule } from '../projections.module.js';

/** Tests say who calls with `x-test-actor: <role>@<node>`; without it the caller is the local officer. */
@Injectable()
class HeaderActorResolver implements ActorResolver {
  resolve(headers: Readonly<Record<string, string | string[] | undefined>>): Actor {
    const value = headers['x-test-actor'];
    if (typeof value !== 'string') return { subject: 'officer@vn-hue', role: 'officer', node: 'vn-hue' };
    const [role, node] = value.split('@') as [Actor['role'], string];
    return { subject: value, role, node };
  }
}

@Module({
  providers: [{ provide: ACTOR_RESOLVER, useClass: HeaderActorResolver }],
  exports: [ACTOR_RESOLVER],
})
class TestActorModule {}

export interface ProjectionsTestApp {
  readonly app: INestApplication;
  readonly server: unknown;
  readonly host: ProjectionsHost;
  /** Base URL when listening (for fetch and SSE). */
  readonly url: string;
  close(): Promise<void>;
}

/** ProjectionsModule in a real Nest app, with /metrics and /health, listening on a free port. */
export async function startProjectionsTestApp(
  storage: TestStorage,
  nodeId = 'vn-hue',
  beforeListen?: (app: INestApplication) => void,
): Promise<ProjectionsTestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      testStorageModule(storage, nodeId),
      { module: TestActorModule, global: true },
      MetricsModule,
      HealthModule,
      ProjectionsModule.forRoot({ pollMs: 20, readYourWritesTimeoutMs: 1500, log: () => undefined }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttpApp(app);
  if (beforeListen) {
    beforeListen(app);
    await app.startAllMicroservices();
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    server: app.getHttpServer(),
    host: app.get(ProjectionsHost),
    url: `http://127.0.0.1:${address.port}`,
    close: () => app.close(),
  };
}
