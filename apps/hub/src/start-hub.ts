import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { KetnoiConfig } from '@ketnoi/config';
import { loadNodeIdentity } from '@ketnoi/federation/keys';
import { inCheckout } from '@ketnoi/platform/checkout';
import { claimNode, openStorage, type OpenStorage } from '@ketnoi/platform/storage';
import { loadNodeDirectory } from './node-directory.js';

/** Made by `npm run build` (scripts/make-pglite-template.mjs). */
const PGLITE_TEMPLATE = inCheckout(import.meta.url, 'node_modules', '.cache', 'ketnoi', 'pglite-template');

export interface RunningHub {
  readonly app: INestApplication;
  /** Base URL of the HTTP API, with the port actually bound (PORT=0 picks a free one). */
  readonly url: string;
  /** `host:port` of the gRPC server; undefined when GRPC_PORT=0 disabled it. */
  readonly grpcAddress: string | undefined;
  /** Closes the HTTP listener, the modules and the storage. */
  close(): Promise<void>;
}

export interface StartHubOptions {
  /**
   * Close cleanly on SIGTERM/SIGINT (PGlite flushes its data dir). Only the process's main hub
   * should: tests and the bench start several hubs in one process.
   * @defaultValue false
   */
  readonly shutdownHooks?: boolean;
}

/** Starts a node with every module on `config.http`; used by `main.ts`, `ketnoi start`, tests and the bench. */
export async function startHub(config: KetnoiConfig, options: StartHubOptions = {}): Promise<RunningHub> {
  // Storage first and outside Nest: its failure (bad URL, locked data dir) is the likeliest and
  // must reach the operator as one line, not as a bootstrap stack trace.
  // The data dir (and on a PostgreSQL server the node's writer lock) before anything in it is
  // read: a second hub must stop here, with the first one's key, PGlite and log untouched.
  const claim = await claimNode(config);
  let identity;
  try {
    identity = await loadNodeIdentity(config.nodeId, config.dataDir);
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
  // The claim ends with the storage, however the hub stops (close(), or Nest's signal hooks).
  const storage: OpenStorage = {
    ...opened.value,
    close: () => opened.value.close().finally(() => claim.release()),
  };
  if (loaded.status === 'rejected') {
    await storage.close().catch(() => undefined); // report the load failure, not the close
    throw loaded.reason;
  }
  const { NestFactory, JsonLogger, attachGrpcServices, grpcServices, configureHttpApp, HubModule } = loaded.value;
  let app: INestApplication;
  try {
    // abortOnError false: a failure must reach the caller, not abort the process.
    app = await NestFactory.create(
      HubModule.forRoot(config, {
        storage,
        nodeKey: identity.key,
        directory: await loadNodeDirectory(config.nodeId, config.trustRegistryPath),
        ...(config.kafka ? { federation: await federationModule(config) } : {}),
      }),
      {
        bufferLogs: true,
        abortOnError: false,
      },
    );
  } catch (error) {
    await storage.close().catch(() => undefined); // report the start failure, not the close
    throw error;
  }
  try {
    app.useLogger(app.get(JsonLogger));
    if (identity.created)
      app
        .get(JsonLogger)
        .log(`created node key ${identity.key.file}: add its public key to partners' trust registries`);
    if (options.shutdownHooks) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    configureHttpApp(app, { corsOrigins: config.corsOrigins, limits: config.httpLimits });
    if (config.grpc) {
      // Both services on the one gRPC port: commands (Agreements) and reads (Query).
      attachGrpcServices(app, { port: config.grpc.port, host: config.http.host }, grpcServices());
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
  // The CLI on this machine finds the running hub here and works through its API.
  await claim.announce(url).catch(async (error: unknown) => {
    await app.close().catch(() => undefined); // report the write failure, not the close
    throw error;
  });
  let closing: Promise<void> | undefined;
  const grpcAddress = config.grpc ? `${host}:${config.grpc.port}` : undefined;
  return { app, url, grpcAddress, close: () => (closing ??= app.close()) };
}

/**
 * Nest, the hub's modules and everything they import: most of a start's module loading. Once per
 * process, one module after the other (Jest's ESM loader cannot link one graph twice at once).
 */
const loadFramework = once(async () => {
  const { HubModule } = await import('./hub.module.js');
  const { NestFactory } = await import('@nestjs/core');
  const { agreementsGrpcService } = await import('@ketnoi/agreements');
  const { queryGrpcService } = await import('@ketnoi/projections');
  const { attachGrpcServices } = await import('@ketnoi/platform/grpc');
  const { configureHttpApp, JsonLogger } = await import('@ketnoi/platform');
  const grpcServices = () => [agreementsGrpcService(), queryGrpcService()];
  return { NestFactory, JsonLogger, attachGrpcServices, grpcServices, configureHttpApp, HubModule };
});

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}

/**
 * Federation over Kafka, loaded only when KAFKA_BROKERS is set: kafkajs and the CloudEvents SDK
 * cost a node that does not federate about a second of start-up.
 */
async function federationModule(config: KetnoiConfig): Promise<DynamicModule> {
  const { FederationModule } = await import('@ketnoi/federation');
  return FederationModule.forRoot({
    brokers: config.kafka!.brokers,
    trustRegistryPath: config.trustRegistryPath,
    dataDir: config.dataDir,
    createTopics: config.kafka!.createTopics,
    ssl: config.kafka!.ssl,
    ...(config.kafka!.sasl ? { sasl: config.kafka!.sasl } : {}),
  });
}
