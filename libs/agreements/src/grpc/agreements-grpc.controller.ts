import { Controller, Inject, UseFilters, type Type } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { foldStatusRow, statusView } from '@ketnoi/domain';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { ACTOR_RESOLVER, invalidRequest, RateLimitedCommand, type ActorResolver } from '@ketnoi/platform';
import { GrpcProblemFilter } from '@ketnoi/platform/grpc';
import { v7 as uuidv7 } from 'uuid';
import { AgreementParams, type AnyCommandSlice } from '../commands/index.js';
import { parseCorrelationId } from '../http/command-request.decorator.js';
import { CommandDispatcher, type CommandRequest } from '../pipeline/command-dispatcher.js';
import { agreementNotFound, readVisibleEvents } from '../queries/read-agreement.js';
import { validateAs } from './grpc-validation.js';

export const AGREEMENTS_GRPC_SERVICE = 'Agreements';

interface Target {
  agreementId?: string;
  expectedRevision?: number;
  correlationId?: string;
}

type Message = Record<string, unknown> & { target?: Target; correlationId?: string };

interface Handles {
  readonly dispatcher: CommandDispatcher;
  readonly store: EventStore;
  readonly actors: ActorResolver;
}

/**
 * The gRPC service `ketnoi.agreements.v1.Agreements`, generated from the same command slices as
 * the REST controller and dispatched on the same CommandBus.
 */
export function createAgreementsGrpcController(slices: readonly AnyCommandSlice[]): Type<unknown> {
  @Controller()
  @UseFilters(GrpcProblemFilter)
  class AgreementsGrpcController implements Handles {
    constructor(
      @Inject(CommandDispatcher) readonly dispatcher: CommandDispatcher,
      @Inject(EVENT_STORE) readonly store: EventStore,
      @Inject(ACTOR_RESOLVER) readonly actors: ActorResolver,
    ) {}

    @GrpcMethod(AGREEMENTS_GRPC_SERVICE, 'GetAgreement')
    async getAgreement(message: { agreementId?: string }, metadata: Metadata) {
      const actor = await this.actors.resolve(headersOf(metadata));
      const { agreementId } = await validateAs(AgreementParams, { agreementId: message.agreementId });
      // The one view of an agreement, as REST's GET /v1/agreements/{id} answers it.
      const row = foldStatusRow(await readVisibleEvents(this.store, agreementId, actor));
      if (!row) throw agreementNotFound(agreementId);
      const view = statusView(row);
      return { ...view, stateJson: JSON.stringify(view) };
    }

    @GrpcMethod(AGREEMENTS_GRPC_SERVICE, 'GetHistory')
    async getHistory(message: { agreementId?: string }, metadata: Metadata) {
      const actor = await this.actors.resolve(headersOf(metadata));
      const { agreementId } = await validateAs(AgreementParams, { agreementId: message.agreementId });
      const events = await readVisibleEvents(this.store, agreementId, actor);
      return {
        agreementId,
        events: events.map((event) => ({
          eventId: event.eventId,
          streamId: event.streamId,
          revision: event.revision,
          globalPosition: event.globalPosition.toString(),
          type: event.type,
          schemaVersion: event.schemaVersion,
          dataJson: JSON.stringify(event.data),
          metadataJson: JSON.stringify(event.metadata),
        })),
      };
    }
  }
  for (const slice of slices) defineRpc(AgreementsGrpcController.prototype, slice);

  return AgreementsGrpcController;
}

function defineRpc(prototype: object, slice: AnyCommandSlice): void {
  const method = `rpc${slice.rpc}`;
  async function rpc(this: Handles, message: Message, metadata: Metadata) {
    const { target, correlationId: draftCorrelation, ...rest } = message;
    const pathKeys = [...slice.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
    const pathValues = Object.fromEntries(pathKeys.map((key) => [key, rest[key]]));
    for (const key of pathKeys) delete rest[key];
    // Who asks before what is asked: without credentials, UNAUTHENTICATED whatever the message.
    const request = await commandRequest(this, metadata, target, draftCorrelation);
    const params = slice.creates
      ? { agreementId: uuidv7() }
      : await validateAs(slice.params, { agreementId: target?.agreementId, ...pathValues });
    const body = await validateAs(slice.body, slice.fromGrpc ? slice.fromGrpc(rest) : rest);
    const outcome = await this.dispatcher.dispatch(slice, params, body, request);
    return { agreementId: outcome.agreementId, revision: outcome.revision, position: outcome.position };
  }
  Object.defineProperty(prototype, method, { value: rpc, writable: true, configurable: true });
  GrpcMethod(AGREEMENTS_GRPC_SERVICE, slice.rpc)(
    prototype,
    method,
    Object.getOwnPropertyDescriptor(prototype, method)!,
  );
  // The same bucket as the REST route of this command.
  RateLimitedCommand()(prototype, method, Object.getOwnPropertyDescriptor(prototype, method)!);
}

async function commandRequest(
  handles: Handles,
  metadata: Metadata,
  target: Target | undefined,
  draftCorrelation: string | undefined,
): Promise<CommandRequest> {
  const requestId = uuidv7();
  const expectedRevision = target?.expectedRevision;
  if (expectedRevision !== undefined && (!Number.isSafeInteger(expectedRevision) || expectedRevision < 0)) {
    throw invalidRequest([{ field: 'target.expectedRevision', message: 'must be a revision (0 or more)' }]);
  }
  const correlation = target?.correlationId || draftCorrelation || undefined;
  return {
    actor: await handles.actors.resolve(headersOf(metadata)),
    now: new Date().toISOString(),
    correlationId: parseCorrelationId(correlation) ?? requestId,
    requestId,
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
  };
}

function headersOf(metadata: Metadata): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata.getMap()).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : value.toString('base64'),
    ]),
  );
}
