import { Module } from '@nestjs/common';
import { ActorGuard } from '@ketnoi/platform';
import { COMMAND_SLICES } from './commands/index.js';
import { createAgreementsGrpcController } from './grpc/agreements-grpc.controller.js';
import { createCommandController } from './http/command-routes.js';
import { IdempotencyInterceptor } from './http/idempotency/idempotency.interceptor.js';
import { IdempotencyStore } from './http/idempotency/idempotency.store.js';
import { CommandDispatcher } from './pipeline/command-dispatcher.js';
import { AgreementCommandsModule } from './pipeline/agreement-commands.module.js';
import { AgreementReadController } from './queries/get-agreement/get-agreement.route.js';

/**
 * The write side of agreements: REST `/v1/agreements`, the gRPC service (active once the app
 * attaches it with `attachAgreementsGrpc`), the command pipeline and idempotency keys.
 * The importing app provides EVENT_STORE, SQL_CLIENT, NODE_CONTEXT and ACTOR_RESOLVER (global
 * providers: AuthModule in served apps).
 */
@Module({
  imports: [AgreementCommandsModule],
  controllers: [
    createCommandController(COMMAND_SLICES),
    AgreementReadController,
    createAgreementsGrpcController(COMMAND_SLICES),
  ],
  providers: [CommandDispatcher, IdempotencyStore, IdempotencyInterceptor, ActorGuard],
  exports: [CommandDispatcher],
})
export class AgreementsModule {}
