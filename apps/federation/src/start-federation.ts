import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { KetnoiConfig } from '@ketnoi/config';
import { loadNodeKey, nodeSigner } from '@ketnoi/federation';
import { configureHttpApp, JsonLogger, openStorage } from '@ketnoi/platform';
import { FederationAppModule } from './federation-app.module.js';

export interface RunningFederation {
  readonly app: INestApplication;
  readonly url: string;
  close(): Promise<void>;
}

export interface StartFederationOptions {
  /** Where relay and inbound report. @defaultValue stderr */
  readonly log?: (line: string) => void;
  /** @defaultValue false (see StartHubOptions.shutdownHooks) */
  readonly shutdownHooks?: boolean;
}

/**
 * Starts the federation service on `config.http`. The node key must exist already (`ketnoi keys
 * generate`): unlike the embedded hub, this service never creates one, and refuses to start
 * naming the file. With PGlite storage the data dir is locked by one process, so a separate
 * federation process needs DATABASE_URL (or runs inside the hub).
 */
export async function startFederation(config: KetnoiConfig, options: StartFederationOptions = {}): Promise<RunningFederation> {
  const key = await loadNodeKey(config.dataDir);
  const storage = await openStorage(config, { signer: nodeSigner(config.nodeId, key) });
  let app: INestApplication;
  try {
    app = await NestFactory.create(FederationAppModule.forRoot(config, storage, options.log), { bufferLogs: true, abortOnError: false });
  } catch (error) {
    await storage.close().catch(() => undefined);
    throw error;
  }
  try {
    app.useLogger(app.get(JsonLogger));
    if (options.shutdownHooks) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    configureHttpApp(app, { title: 'Kết nối federation' });
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  let closing: Promise<void> | undefined;
  return { app, url: `http://${host}:${port}`, close: () => (closing ??= app.close()) };
}
