import { Module, type DynamicModule } from '@nestjs/common';
import { AgreementsModule } from '@ketnoi/agreements';
import { ConfigModule, type KetnoiConfig } from '@ketnoi/config';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  NODE_KEY,
  StorageModule,
  type NodeKeyPair,
  type OpenStorage,
} from '@ketnoi/platform';

/**
 * Every module of a node in one process: the embedded default. Storage first (global: the
 * event store every other module uses), then the write side, health and metrics.
 */
@Module({})
export class HubModule {
  /** `storage`: already opened storage (as `startHub` does); opened by the module when absent. */
  static forRoot(config: KetnoiConfig, storage?: OpenStorage, nodeKey?: NodeKeyPair): DynamicModule {
    return {
      module: HubModule,
      global: true,
      providers: nodeKey ? [{ provide: NODE_KEY, useValue: nodeKey }] : [],
      exports: nodeKey ? [NODE_KEY] : [],
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ level: config.logLevel, nodeId: config.nodeId }),
        storage ? StorageModule.forOpenStorage(storage, config.nodeId) : StorageModule.forRoot(config),
        MetricsModule,
        HealthModule,
        AgreementsModule,
      ],
    };
  }
}
