import { Global, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, SQL_CLIENT, type EventStore, type SqlClient } from '@ketnoi/event-store';
import { configureHttpApp, fixedActorModule, NODE_CONTEXT, type Actor } from '@ketnoi/platform';
import { AgreementsModule } from '../agreements.module.js';
import { attachAgreementsGrpc } from '../grpc/attach-grpc.js';

export interface TestStorage {
  readonly sql: SqlClient;
  readonly store: EventStore;
}

export interface AgreementsTestApp {
  readonly app: INestApplication;
  /** The Node HTTP server, for supertest. */
  readonly server: unknown;
  readonly store: EventStore;
  readonly sql: SqlClient;
  close(): Promise<void>;
}

/**
 * A real Nest app with AgreementsModule as apps/agreements wires it, on the storage given
 * (PGlite in memory or a schema of the PostgreSQL server), optionally serving gRPC.
 */
export async function startAgreementsTestApp(options: {
  readonly storage: TestStorage;
  readonly nodeId?: string;
  readonly grpcPort?: number;
  /** Who every request is. @defaultValue the node's admin (records for parties that run no node) */
  readonly actor?: Actor;
}): Promise<AgreementsTestApp> {
  const { sql, store } = options.storage;
  const nodeId = options.nodeId ?? 'vn-hue';
  const TestInfrastructureModule = testStorageModule(options.storage, nodeId);
  const actor = options.actor ?? { subject: `admin@${nodeId}`, role: 'admin', node: nodeId };

  const moduleRef = await Test.createTestingModule({
    imports: [TestInfrastructureModule, fixedActorModule(actor), AgreementsModule],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttpApp(app);
  if (options.grpcPort !== undefined) {
    attachAgreementsGrpc(app, { port: options.grpcPort });
    await app.startAllMicroservices();
  }
  await app.init();
  return {
    app,
    server: app.getHttpServer(),
    store,
    sql,
    async close() {
      await app.close();
      await store.close();
      await sql.close();
    },
  };
}

/** A global module providing EVENT_STORE, SQL_CLIENT and NODE_CONTEXT from test storage, as the apps' storage module does. */
export function testStorageModule({ sql, store }: TestStorage, nodeId: string): DynamicModule {
  @Global()
  @Module({})
  class TestStorageModule {}
  return {
    module: TestStorageModule,
    global: true,
    providers: [
      { provide: EVENT_STORE, useValue: store },
      { provide: SQL_CLIENT, useValue: sql },
      { provide: NODE_CONTEXT, useValue: { nodeId } },
    ],
    exports: [EVENT_STORE, SQL_CLIENT, NODE_CONTEXT],
  };
}
