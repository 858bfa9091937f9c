import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isDomainError, DomainError, type AgreementCommand } from '@ketnoi/domain';
import type { Actor } from '@ketnoi/platform';
import type { AgreementParams, CommandSlice } from '../commands/index.js';
import type { CommandOutcome } from './command-outcome.js';
import { ExecuteAgreementCommand } from './execute-agreement-command.js';

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
 * Turns a validated request of any slice into the domain command and sends it on the CommandBus
 * (the handler authorizes, records and counts). Shared by REST and gRPC so both speak the same
 * commands; all it adds is the request's field names in errors.
 */
@Injectable()
export class CommandDispatcher {
  constructor(private readonly bus: CommandBus) {}

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
      return await this.bus.execute(
        new ExecuteAgreementCommand(
          command,
          {
            agreementId: params.agreementId,
            correlationId: request.correlationId,
            causationId: request.requestId,
          },
          { kind: 'actor', actor: request.actor },
          request.expectedRevision,
        ),
      );
    } catch (error) {
      throw renameField(error, slice.fields);
    }
  }
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
