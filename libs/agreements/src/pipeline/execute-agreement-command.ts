import { Inject, Logger, Optional } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isDomainError, type AgreementCommand } from '@ketnoi/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@ketnoi/event-store';
import {
  AccessDeniedError,
  Metrics,
  NODE_CONTEXT,
  NODE_DIRECTORY,
  type Actor,
  type CommandMetricOutcome,
  type NodeContext,
  type NodeDirectory,
} from '@ketnoi/platform';
import { authorizeFor } from './authorize-command.js';
import type { CommandIds, CommandOutcome } from './command-outcome.js';
import { handleAgreementCommand } from './handle-agreement-command.js';

/** Who sends a command: a caller with rights (REST, gRPC, an IATI import), or this node's own process. */
export type CommandCaller =
  | { readonly kind: 'actor'; readonly actor: Actor }
  /** A process manager of this node (the partner flow): bound by the domain's rules, not by a token. */
  | { readonly kind: 'process'; readonly name: string };

/** Every command of every edge goes on the CommandBus as this: one handler authorizes, decides, records and counts. */
export class ExecuteAgreementCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: AgreementCommand,
    readonly ids: CommandIds,
    readonly caller: CommandCaller,
    /** The revision the caller read (`If-Match`, or what a process manager just checked). */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/** How a feature outside the HTTP edge sends a command (the partner flow, the IATI import). */
export type ExecuteCommand = (command: ExecuteAgreementCommand) => Promise<CommandOutcome>;

export const executeOnBus =
  (bus: CommandBus): ExecuteCommand =>
  (command) =>
    bus.execute(command);

/** The same handler without a Nest app (tests, benches, tools over a store): no metrics, no directory. */
export const executeOnStore =
  (store: EventStore, nodeId: string): ExecuteCommand =>
  (command) =>
    new ExecuteAgreementCommandHandler(store, { nodeId }).execute(command);

/**
 * The one command handler of a node: the caller's rights on the agreement as it stands (404/403
 * before anything else), then read, decide and append (`handleAgreementCommand`), and every
 * outcome counted in `ketnoi_commands_total`; denials are logged with the rule broken.
 */
@CommandHandler(ExecuteAgreementCommand)
export class ExecuteAgreementCommandHandler implements ICommandHandler<ExecuteAgreementCommand> {
  private readonly logger = new Logger('Commands');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NODE_CONTEXT) private readonly node: NodeContext,
    // Without a directory (no trust registry), only this node is known to run a node.
    @Optional() @Inject(NODE_DIRECTORY) private readonly directory: NodeDirectory = { runsNode: () => false },
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async execute({
    command,
    ids,
    caller,
    expectedRevision,
  }: ExecuteAgreementCommand): Promise<CommandOutcome> {
    try {
      const outcome = await handleAgreementCommand(this.store, command, {
        ids,
        originNode: this.node.nodeId,
        ...(caller.kind === 'actor'
          ? { authorize: authorizeFor(caller.actor, this.directory, this.node.nodeId) }
          : {}),
        ...(expectedRevision === undefined ? {} : { expectedRevision }),
      });
      this.metrics?.recordCommand(command.type, 'accepted');
      return outcome;
    } catch (error) {
      this.metrics?.recordCommand(command.type, metricOutcomeOf(error));
      if (error instanceof AccessDeniedError && caller.kind === 'actor') {
        const { actor } = caller;
        this.logger.warn(
          `denied ${command.type} on ${ids.agreementId} to ${actor.subject} (${actor.role}@${actor.node}): ${error.rule}`,
        );
      }
      throw error;
    }
  }
}

function metricOutcomeOf(error: unknown): CommandMetricOutcome {
  if (error instanceof AccessDeniedError) return 'denied';
  if (error instanceof WrongExpectedRevisionError) return 'conflict';
  return isDomainError(error) ? 'rejected' : 'failed';
}
