import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { KetnoiConfig } from '@ketnoi/config';
import { FederationModule } from '@ketnoi/federation';
import { HealthModule, LoggingModule, localOfficerActorProvider, MetricsModule, StorageModule, type OpenStorage } from '@ketnoi/platform';

/** Who calls the quarantine API; the JWT resolver replaces the local officer when it lands. */
@Global()
@Module({ providers: [localOfficerActorProvider], exports: [localOfficerActorProvider] })
class ActorModule {}

/**
 * The federation as its own process (docs/design.md "Shape": apps/federation): relay and inbound over the
 * node's storage, the quarantine API, health and metrics. The embedded hub imports the same
 * `FederationModule` instead.
 */
@Module({})
export class FederationAppModule {
  static forRoot(config: KetnoiConfig, storage: OpenStorage, log?: (line: string) => void): DynamicModule {
    if (!config.kafka) throw new TypeError('KAFKA_BROKERS: the federation service needs the Kafka brokers');
    return {
      module: FederationAppModule,
      imports: [
        LoggingModule.forRoot({ level: config.logLevel, nodeId: config.nodeId }),
        StorageModule.forOpenStorage(storage, config.nodeId),
        MetricsModule,
        HealthModule,
        ActorModule,
        FederationModule.forRoot({
          brokers: config.kafka.brokers,
          createTopics: config.kafka.createTopics,
          trustRegistryPath: config.trustRegistryPath,
          dataDir: config.dataDir,
          ...(log ? { log } : {}),
        }),
      ],
    };
  }
}
