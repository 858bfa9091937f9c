import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { ConfigError, type KetnoiConfig } from '@ketnoi/config';
import { loadNodeIdentity, loadNodeKey, nodeSigner, type NodeIdentity } from '@ketnoi/federation/keys';
import { inCheckout } from '@ketnoi/platform/checkout';
import { claimNode, NodeInUseError, openStorage, type OpenStorage } from '@ketnoi/platform/storage';
import { isWholeNode, NODE_SERVICES, type NodeService } from './node-services.js';

/** Made by `npm run build` (scripts/make-pglite-template.mjs); the runtime image must carry it. */
export const PGLITE_TEMPLATE = inCheckout(import.meta.url, 'node_modules', '.cache', 'ketnoi', 'pglite-template');

export interface RunningNode {
  readonly app: INestApplication;
  /** Base URL of the HTTP API, with the port actually bound (PORT=0 picks a free one). */
  readonly url: string;
  /** `host:port` of the gRPC server; undefined when GRPC_PORT=0 disabled it or no service of the process has one. */
  readonly grpcAddress: string | undefined;
  /** The node key file when this start created it (a new node): its public key goes to partners. */
  readonly createdKeyFile: string | undefined;
  /** Closes the HTTP listener, the modules and the storage. */
  close(): Promise<void>;
}

export interface StartNodeOptions {
  /**
   * Close cleanly on SIGTERM/SIGINT (PGlite flushes its data dir). Only the process's main node
   * should: tests and the bench start several in one process.
   * @defaultValue false
   */
  readonly shutdownHooks?: boolean;
  /** Where the federation's relay and inbound report. @defaultValue stderr */
  readonly federationLog?: (line: string) => void;
}

/**
 * Starts `services` of a node on `config.http` (and their gRPC services on `config.grpc`): every
 * service for the hub, one for a standalone process. The same modules, authentication, limits and
 * Kafka settings either way (NodeModule). The hub creates the node key when missing; a standalone
 * service shares it with the node's other services and refuses to start without it.
 */
export async function startNode(
  config: KetnoiConfig,
  services: readonly NodeService[] = NODE_SERVICES,
  options: StartNodeOptions = {},
): Promise<RunningNode> {
  const whole = isWholeNode(services);
  // Before the data dir is claimed: a federation without brokers is a configuration error.
  if (!whole && services.includes('federation') && !config.kafka)
    throw new ConfigError('KAFKA_BROKERS', 'the Kafka brokers (host:port, comma-separated) for the federation service');
  // Storage first and outside Nest: its failure (bad URL, locked data dir) is the likeliest and
  // must reach the operator as one line, not as a bootstrap stack trace.
  // The data dir (and on a PostgreSQL server the writer locks) before anything in it is read: a
  // second process of the same service must stop here, with the first one's key, PGlite and log untouched.
  const claim = await claimNode(config, whole ? {} : { services, command: services.join('+') }).catch((error: unknown) => {
    throw whole || config.storage.kind === 'postgres' || !(error instanceof NodeInUseError)
      ? error
      : new NodeInUseError(
          `${error.message}; the services of a node share PGlite only inside the hub: set DATABASE_URL to run them as separate processes`,
          error.holder,
        );
  });
  let identity: NodeIdentity;
  try {
    identity = whole ? await loadNodeIdentity(config.nodeId, config.dataDir) : await sharedIdentity(config);
  } catch (error) {
    await claim.release();
    throw error;
  }
  // PGlite's start (data dir, WebAssembly compile) and loading the framework are independent and
  // each take about a second: overlap them.
  const [opened, loaded] = await Promise.allSettled([
    openStorage(config, { signer: identity.signer, pgliteTemplate: PGLITE_TEMPLATE }),
    loadFramework(),
  ]);
  if (opened.status === 'rejected') {
    await claim.release();
    throw opened.reason;
  }
  // The claim ends with the storage, however the node stops (close(), or Nest's signal hooks).
  const storage: OpenStorage = {
    ...opened.value,
    close: () => opened.value.close().finally(() => claim.release()),
  };
  if (loaded.status === 'rejected') {
    await storage.close().catch(() => undefined); // report the load failure, not the close
    throw loaded.reason;
  }
  const { NestFactory, JsonLogger, attachGrpcServices, grpcServicesOf, configureHttpApp, NodeModule, loadNodeDirectory } =
    loaded.value;
  let app: INestApplication;
  try {
    const federation =
      services.includes('federation') && config.kafka ? await federationModule(config, options.federationLog) : undefined;
    // abortOnError false: a failure must reach the caller, not abort the process.
    app = await NestFactory.create(
      NodeModule.forRoot(
        config,
        {
          storage,
          nodeKey: identity.key,
          directory: await loadNodeDirectory(config.nodeId, config.trustRegistryPath),
          ...(federation ? { federation } : {}),
        },
        services,
      ),
      { bufferLogs: true, abortOnError: false },
    );
  } catch (error) {
    await storage.close().catch(() => undefined); // report the start failure, not the close
    throw error;
  }
  const grpc = config.grpc && grpcServicesOf(services).length > 0 ? config.grpc : undefined;
  try {
    app.useLogger(app.get(JsonLogger));
    if (options.shutdownHooks) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    configureHttpApp(app, { corsOrigins: config.corsOrigins, limits: config.httpLimits });
    if (grpc) {
      // The services' gRPC services on the one gRPC port: commands (Agreements) and reads (Query).
      attachGrpcServices(app, { port: grpc.port, host: config.http.host }, grpcServicesOf(services));
      await app.startAllMicroservices();
    }
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app.close().catch(() => undefined); // report the start failure, not the close
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;
  // The CLI on this machine finds the running node here and works through its API.
  await claim.announce(url).catch(async (error: unknown) => {
    await app.close().catch(() => undefined); // report the write failure, not the close
    throw error;
  });
  let closing: Promise<void> | undefined;
  const grpcAddress = grpc ? `${host}:${grpc.port}` : undefined;
  const createdKeyFile = identity.created ? identity.key.file : undefined;
  return { app, url, grpcAddress, createdKeyFile, close: () => (closing ??= app.close()) };
}

/** The key the hub created (or `ketnoi keys generate`): one node, one key, whatever runs its services. */
async function sharedIdentity(config: KetnoiConfig): Promise<NodeIdentity> {
  const key = await loadNodeKey(config.dataDir);
  return { key, signer: nodeSigner(config.nodeId, key), created: false };
}

/**
 * Nest, the node's modules and everything they import: most of a start's module loading. Once per
 * process, one module after the other (Jest's ESM loader cannot link one graph twice at once).
 */
const loadFramework = once(async () => {
  const { NodeModule } = await import('../node.module.js');
  const { loadNodeDirectory } = await import('../node-directory.js');
  const { NestFactory } = await import('@nestjs/core');
  const { agreementsGrpcService } = await import('@ketnoi/agreements');
  const { queryGrpcService } = await import('@ketnoi/projections');
  const { attachGrpcServices } = await import('@ketnoi/platform/grpc');
  const { configureHttpApp, JsonLogger } = await import('@ketnoi/platform');
  const grpcServicesOf = (services: readonly NodeService[]) => [
    ...(services.includes('agreements') ? [agreementsGrpcService()] : []),
    ...(services.includes('projections') ? [queryGrpcService()] : []),
  ];
  return { NestFactory, JsonLogger, attachGrpcServices, grpcServicesOf, configureHttpApp, NodeModule, loadNodeDirectory };
});

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}

/**
 * Federation over Kafka, loaded only when KAFKA_BROKERS is set: kafkajs and the CloudEvents SDK
 * cost a node that does not federate about a second of start-up. The same settings (TLS, SASL)
 * in the hub and in the standalone federation service.
 */
async function federationModule(config: KetnoiConfig, log?: (line: string) => void): Promise<DynamicModule> {
  const { FederationModule } = await import('@ketnoi/federation');
  const kafka = config.kafka!;
  return FederationModule.forRoot({
    brokers: kafka.brokers,
    trustRegistryPath: config.trustRegistryPath,
    dataDir: config.dataDir,
    createTopics: kafka.createTopics,
    ssl: kafka.ssl,
    ...(kafka.sasl ? { sasl: kafka.sasl } : {}),
    ...(log ? { log } : {}),
  });
}
