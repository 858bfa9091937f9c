import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExecuteAgreementCommandHandler } from './execute-agreement-command.js';

/**
 * The CommandBus with the node's one command handler. Every feature that sends commands (the
 * REST and gRPC edges in AgreementsModule, the partner flow, the IATI import) imports this, so
 * no feature can reach the store around authorization and metering. Needs EVENT_STORE and
 * NODE_CONTEXT (StorageModule, global).
 */
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [ExecuteAgreementCommandHandler],
})
export class AgreementCommandsModule {}
