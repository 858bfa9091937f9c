import { Module, type DynamicModule } from '@nestjs/common';
import { ActorGuard } from '@ketnoi/platform';
import { FEDERATION_OPTIONS, FederationService, type FederationModuleOptions } from './federation.service.js';
import { QuarantineController } from './quarantine/quarantine.controller.js';

/**
 * Federation over Kafka for one node: relay (local log -> partners' inboxes), inbound (own inbox ->
 * local log), quarantine API. Needs the global SQL_CLIENT, EVENT_STORE and NODE_CONTEXT
 * (StorageModule) and ACTOR_RESOLVER; uses the app's `Metrics` registry when MetricsModule is there.
 */
@Module({})
export class FederationModule {
  static forRoot(options: FederationModuleOptions): DynamicModule {
    if (!Array.isArray(options.brokers) || options.brokers.length === 0)
      throw new TypeError('brokers: must be a non-empty list of host:port');
    if (typeof options.trustRegistryPath !== 'string' || !options.trustRegistryPath)
      throw new TypeError('trustRegistryPath: must be a file path');
    if (typeof options.dataDir !== 'string' || !options.dataDir) throw new TypeError('dataDir: must be a directory path');
    return {
      module: FederationModule,
      controllers: [QuarantineController],
      providers: [{ provide: FEDERATION_OPTIONS, useValue: options }, FederationService, ActorGuard],
      exports: [FederationService],
    };
  }
}
