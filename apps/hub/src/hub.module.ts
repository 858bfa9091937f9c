import { Module, type DynamicModule } from '@nestjs/common';
import { AgreementsModule } from '@ketnoi/agreements';
import { AuditModule } from '@ketnoi/audit';
import { ConfigModule, type KetnoiConfig } from '@ketnoi/config';
import { PartnerFlowModule } from '@ketnoi/federation/partner-flow';
import { IatiModule } from '@ketnoi/iati';
import {
  AuthModule,
  CommandLimitModule,
  HealthModule,
  LoggingModule,
  MetricsModule,
  NODE_DIRECTORY,
  NODE_KEY,
  StorageModule,
  type NodeDirectory,
  type NodeKeyPair,
  type OpenStorage,
} from '@ketnoi/platform';
import { ProjectionsModule } from '@ketnoi/projections';
import { WebUiModule } from '../../web/src/server/web-ui.module.js';

export interface HubParts {
  /** Opened by `startHub`; the module opens storage itself when absent. */
  readonly storage?: OpenStorage;
  readonly nodeKey: NodeKeyPair;
  /** Who runs a node of their own (the trust registry). @defaultValue only this node */
  readonly directory?: NodeDirectory;
  /** Relay, inbound and quarantine: only when Kafka brokers are configured. */
  readonly federation?: DynamicModule;
}

/**
 * Every module of a node in one process: the embedded default. Storage first (global: the event
 * store every other module uses), then authentication, the write side, the read side, partner
 * flow, federation, IATI, health and metrics, and the web UI last (it serves `/`).
 */
@Module({})
export class HubModule {
  static forRoot(config: KetnoiConfig, parts: HubParts): DynamicModule {
    const directory = parts.directory ?? { runsNode: (id: string) => id === config.nodeId };
    return {
      module: HubModule,
      global: true,
      providers: [
        { provide: NODE_KEY, useValue: parts.nodeKey },
        { provide: NODE_DIRECTORY, useValue: directory },
      ],
      exports: [NODE_KEY, NODE_DIRECTORY],
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ level: config.logLevel, nodeId: config.nodeId }),
        parts.storage ? StorageModule.forOpenStorage(parts.storage, config.nodeId) : StorageModule.forRoot(config),
        MetricsModule,
        HealthModule,
        AuthModule.forRoot(config.auth),
        CommandLimitModule.forRoot({ commandsPerMinute: config.commandRateLimit }),
        AgreementsModule,
        ProjectionsModule,
        PartnerFlowModule,
        ...(parts.federation ? [parts.federation] : []),
        IatiModule.forRoot({ publisherRef: config.iati.publisherRef }),
        AuditModule,
        WebUiModule.forRoot(),
      ],
    };
  }
}
