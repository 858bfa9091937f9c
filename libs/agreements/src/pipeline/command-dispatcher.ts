import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isDomainError, DomainError, type AgreementCommand } from '@ketnoi/domain';
import { WrongExpectedRevisionError } from '@ketnoi/event-store';
import {
  AccessDeniedError,
  Metrics,
  NODE_CONTEXT,
  NODE_DIRECTORY,
  type Actor,
  type NodeContext,
  type CommandOutcome as CountedOutcome,
  type NodeDirectory,
} from '@ketnoi/platform';
import { authorizeFor } from './authorize-command.js';
import type { AgreementParams, CommandSlice } from '../commands/index.js';
import { ExecuteAgreementCommand } from './execute-agreement-command.js';
import type { CommandOutcome } from './handle-agreement-command.js';

/** What the edge knows of a request besides its body: who, when, which revision, which conversation. */
export interface CommandRequest {
  readonly actor: Actor;
  /** ISO 8601 instant of the edge's clock. */
  readonly now: string;
  /** The revision the client read (`If-Match` / `expected_revision`). */
  readonly expectedRevision?: number;
  readonly correlationId: string;
  /** Id of this request; the causation of the events it records. */
  readonly requestId: string;
}

/**
 * Turns a validated request of any slice into the domain command and sends it over the
 * CommandBus. Shared by REST and gRPC so both speak the same commands.
 */
@Injectable()
export class CommandDispatcher {
  private readonly logger = new Logger('Commands');

  constructor(
    private readonly bus: CommandBus,
    @Inject(NODE_CONTEXT) private readonly node: NodeContext,
    @Optional() private readonly metrics?: Metrics,
    // Without a directory (no trust registry), only this node is known to run a node.
    @Optional() @Inject(NODE_DIRECTORY) private readonly directory: NodeDirectory = { runsNode: () => false },
  ) {}

  async dispatch<Body extends object, Params extends AgreementParams>(
    slice: CommandSlice<Body, Params>,
    params: Params,
    body: Body,
    request: CommandRequest,
  ): Promise<CommandOutcome> {
    const intent = slice.toCommand(body, params);
    const command = {
      ...intent,
      metadata: { actor: request.actor.subject, actorNode: request.actor.node, now: request.now },
    } as AgreementCommand;
    try {
      const outcome: CommandOutcome = await this.bus.execute(
        new ExecuteAgreementCommand(
          command,
          {
            agreementId: params.agreementId,
            correlationId: request.correlationId,
            causationId: request.requestId,
          },
          request.expectedRevision,
          authorizeFor(request.actor, this.directory, this.node.nodeId),
        ),
      );
      this.metrics?.recordCommand(command.type, 'accepted');
      return outcome;
    } catch (error) {
      this.metrics?.recordCommand(command.type, outcomeOf(error));
      if (error instanceof AccessDeniedError)
        this.logger.warn(`denied ${command.type} on ${params.agreementId} to ${request.actor.subject} (${request.actor.role}@${request.actor.node}): ${error.rule}`);
      throw renameField(error, slice.fields);
    }
  }
}

function outcomeOf(error: unknown): CountedOutcome {
  if (error instanceof AccessDeniedError) return 'denied';
  if (error instanceof WrongExpectedRevisionError) return 'conflict';
  return isDomainError(error) ? 'rejected' : 'failed';
}

/** The domain names fields of the command (`amount.currency`); the client wrote the request's names. */
function renameField(error: unknown, fields: Readonly<Record<string, string>> | undefined): unknown {
  if (!fields || !isDomainError(error) || !error.field) return error;
  const renamed = Object.entries(fields).reduce((field, [from, to]) => {
    if (field !== from && !field.startsWith(`${from}.`) && !field.startsWith(`${from}[`)) return field;
    const rest = field.slice(from.length);
    return to ? to + rest : rest.replace(/^\./, '') || 'body';
  }, error.field);
  return renamed === error.field ? error : new DomainError(error.code, error.reason, renamed);
}
