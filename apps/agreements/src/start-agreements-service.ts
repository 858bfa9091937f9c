import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AgreementsModule, attachAgreementsGrpc } from '@ketnoi/agreements';
import type { HttpLimits } from '@ketnoi/config';
import { CommandLimitModule, configureHttpApp } from '@ketnoi/platform';

/** What the service listens on: env PORT, HOST, GRPC_PORT (see service-config.ts). */
export interface AgreementsListeners {
  readonly http: { readonly host: string; readonly port: number };
  /** gRPC on the HTTP host; `undefined` disables it. */
  readonly grpc: { readonly port: number } | undefined;
  /** KETNOI_HTTP_* timeouts and caps. @defaultValue `DEFAULT_HTTP_LIMITS` */
  readonly httpLimits?: HttpLimits;
  /** KETNOI_COMMAND_RATE_LIMIT. @defaultValue `DEFAULT_COMMANDS_PER_MINUTE` */
  readonly commandRateLimit?: number;
}

export interface RunningAgreementsService {
  readonly app: INestApplication;
  /** `http://host:port` actually bound (PORT=0 picks a free port). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The standalone write service: AgreementsModule on `storage` (a global module providing
 * EVENT_STORE, SQL_CLIENT and NODE_CONTEXT: the platform's storage module in production, test
 * storage in tests) and `access` (ACTOR_RESOLVER), REST on `listeners.http` and gRPC on `listeners.grpc`.
 */
export async function startAgreementsService(
  listeners: AgreementsListeners,
  storage: DynamicModule,
  /** Who callers are: `AuthModule.forNodeKey(...)` when served, a fixed actor in tests. */
  access: DynamicModule,
  options: { readonly logger?: false } = {},
): Promise<RunningAgreementsService> {
  @Module({
    imports: [storage, access, CommandLimitModule.forRoot({ commandsPerMinute: listeners.commandRateLimit }), AgreementsModule],
  })
  class AgreementsServiceModule {}

  const app = await NestFactory.create(
    AgreementsServiceModule,
    options.logger === false ? { logger: false } : {},
  );
  configureHttpApp(app, {
    title: 'Kết nối agreements (write API)',
    ...(listeners.httpLimits ? { limits: listeners.httpLimits } : {}),
  });
  app.enableShutdownHooks();
  if (listeners.grpc) {
    attachAgreementsGrpc(app, { host: listeners.http.host, port: listeners.grpc.port });
    await app.startAllMicroservices();
  }
  await app.listen(listeners.http.port, listeners.http.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://${listeners.http.host}:${address.port}`, close: () => app.close() };
}
