import {
  Inject,
  Injectable,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AgreementCommandsModule, executeOnBus } from '@ketnoi/agreements';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { Metrics, NODE_CONTEXT, type NodeContext } from '@ketnoi/platform';
import { Counter } from 'prom-client';
import { PartnerFlow, type EndorsementOutcome } from './partner-flow.js';

/** The partner flow as a Nest provider: runs from bootstrap to shutdown of the app. */
@Injectable()
export class PartnerFlowService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly flow: PartnerFlow;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    bus: CommandBus,
    @Inject(NODE_CONTEXT) node: NodeContext,
    @Optional() metrics?: Metrics,
  ) {
    const counted = metrics
      ? new Counter({
          name: 'ketnoi_partner_flow_endorsements_total',
          help: 'Partner endorsements of agreements homed here, by what the home made of them',
          labelNames: ['type', 'outcome'] as const,
          registers: [metrics.registry],
        })
      : undefined;
    this.flow = new PartnerFlow({
      store,
      execute: executeOnBus(bus),
      nodeId: node.nodeId,
      onOutcome: (event, outcome: EndorsementOutcome) =>
        counted?.inc({ type: event.type, outcome: outcome.kind }),
    });
  }

  onApplicationBootstrap(): void {
    this.flow.start();
  }

  // Before StorageModule closes the store in onApplicationShutdown.
  async beforeApplicationShutdown(): Promise<void> {
    await this.flow.stop();
  }
}

/**
 * Import once in the app of a node that is home of agreements (the hub). Needs EVENT_STORE and
 * NODE_CONTEXT (StorageModule, global) and sends commands through AgreementCommandsModule; counts outcomes on the platform `Metrics` when present.
 */
@Module({
  imports: [AgreementCommandsModule],
  providers: [PartnerFlowService],
  exports: [PartnerFlowService],
})
export class PartnerFlowModule {}
