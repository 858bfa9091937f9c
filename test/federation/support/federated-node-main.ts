// A city node for the federation e2e: the hub's modules plus FederationModule (relay, inbound,
// quarantine API) and PartnerFlowModule, in one real process configured by the environment like
// `dist/apps/hub/src/main.js`. It exists because the hub does not wire federation yet; once
// HubModule imports both modules when KAFKA_BROKERS is set, the e2e can start HUB_MAIN instead.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ketnoi/config';
import { FederationModule } from '@ketnoi/federation';
import { loadNodeKey, nodeSigner } from '@ketnoi/federation/keys';
import { ACTOR_RESOLVER, configureHttpApp, localOfficerActorProvider, openStorage } from '@ketnoi/platform';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { HubModule } from '../../../apps/hub/src/hub.module.js';
import { PartnerFlowModule } from '../../../libs/federation/src/process-manager/index.js';

@Global()
@Module({ providers: [localOfficerActorProvider], exports: [ACTOR_RESOLVER] })
class LocalActorsModule {}

@Module({})
class FederatedNodeModule {
  static forRoot(imports: DynamicModule['imports']): DynamicModule {
    return { module: FederatedNodeModule, imports };
  }
}

const config = loadConfig(process.env);
if (!config.kafka) throw new Error('KAFKA_BROKERS: the federated node needs brokers');
// The key is made beforehand with `ketnoi keys generate`, as an operator would; none is created here.
const key = await loadNodeKey(config.dataDir);
// Made by `npm run build`; from dist/test/federation/support up to the checkout (as start-hub.ts).
const pgliteTemplate = fileURLToPath(new URL('../../../../node_modules/.cache/ketnoi/pglite-template', import.meta.url));
const storage = await openStorage(config, { signer: nodeSigner(config.nodeId, key), pgliteTemplate });
const app = await NestFactory.create(
  FederatedNodeModule.forRoot([
    HubModule.forRoot(config, storage, key),
    LocalActorsModule,
    FederationModule.forRoot({
      brokers: config.kafka.brokers,
      trustRegistryPath: config.trustRegistryPath,
      dataDir: config.dataDir,
      createTopics: config.kafka.createTopics,
      relayPollIntervalMs: 20,
      log: (line) => void process.stderr.write(`${line}\n`),
    }),
    PartnerFlowModule,
  ]),
  { logger: ['error', 'warn'], abortOnError: false },
);
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
configureHttpApp(app);
await app.listen(config.http.port, config.http.host);
const { port } = app.getHttpServer().address() as AddressInfo;
process.stdout.write(`ketnoi node ${config.nodeId} ready: API http://127.0.0.1:${port}/v1\n`);
