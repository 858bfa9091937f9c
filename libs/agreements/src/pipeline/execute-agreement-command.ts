import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AgreementCommand } from '@ketnoi/domain';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { NODE_CONTEXT, type NodeContext } from '@ketnoi/platform';
import type { CommandAuthorizer } from './authorize-command.js';
import { handleAgreementCommand, type CommandIds, type CommandOutcome } from './handle-agreement-command.js';

/** What REST and gRPC put on the CommandBus: a domain command plus where and how to apply it. */
export class ExecuteAgreementCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: AgreementCommand,
    readonly ids: CommandIds,
    readonly expectedRevision?: number,
    readonly authorize?: CommandAuthorizer,
  ) {
    super();
  }
}

/** Thin on purpose: every rule is in `decide`, every step in `handleAgreementCommand`. */
@CommandHandler(ExecuteAgreementCommand)
export class ExecuteAgreementCommandHandler implements ICommandHandler<ExecuteAgreementCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NODE_CONTEXT) private readonly node: NodeContext,
  ) {}

  execute({ command, ids, expectedRevision, authorize }: ExecuteAgreementCommand): Promise<CommandOutcome> {
    return handleAgreementCommand(this.store, command, {
      ids,
      originNode: this.node.nodeId,
      ...(authorize ? { authorize } : {}),
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
    });
  }
}
