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
import { NODE_SERVICES, type NodeService } from './start/node-services.js';
import { WebUiModule } from './web-ui.module.js';

export interface NodeParts {
  /** Opened by `startNode`; the module opens storage itself when absent. */
  readonly storage?: OpenStorage;
  readonly nodeKey: NodeKeyPair;
  /** Who runs a node of their own (the trust registry). @defaultValue only this node */
  readonly directory?: NodeDirectory;
  /** Relay, inbound and quarantine (`FederationModule.forRoot`): only when Kafka brokers are configured. */
  readonly federation?: DynamicModule;
}

/**
 * The modules of a node, for the hub (every service) and each standalone service alike. Every
 * process has the same base: configuration, logging, storage (global: the event store every
 * other module uses), metrics, health, JWT authentication of every `/v1` route and the command
 * rate limit. Then the modules of `services`, in the hub's order; the web UI last (it serves `/`).
 */
@Module({})
export class NodeModule {
  static forRoot(config: KetnoiConfig, parts: NodeParts, services: readonly NodeService[] = NODE_SERVICES): DynamicModule {
    const directory = parts.directory ?? { runsNode: (id: string) => id === config.nodeId };
    const has = (service: NodeService) => services.includes(service);
    return {
      module: NodeModule,
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
        ...(has('agreements') ? [AgreementsModule] : []),
        ...(has('projections') ? [ProjectionsModule] : []),
        ...(has('agreements') ? [PartnerFlowModule] : []),
        ...(has('federation') && parts.federation ? [parts.federation] : []),
        ...(has('agreements') ? [IatiModule.forRoot({ publisherRef: config.iati.publisherRef })] : []),
        ...(has('projections') ? [AuditModule, WebUiModule.forRoot()] : []),
      ],
    };
  }
}
