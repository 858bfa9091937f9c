// The agreements write service on its own: `node dist/apps/agreements/src/main.js`.
import 'reflect-metadata';
import { ConfigError, loadConfig } from '@ketnoi/config';
import { loadNodeIdentity } from '@ketnoi/federation/keys';
import { AuthModule, StorageModule } from '@ketnoi/platform';
import { startAgreementsService } from './start-agreements-service.js';

async function main(): Promise<void> {
  // PORT, HOST, GRPC_PORT, KETNOI_NODE_ID, KETNOI_DATA_DIR, DATABASE_URL: validated in one place.
  const config = loadConfig(process.env);
  const identity = await loadNodeIdentity(config.nodeId, config.dataDir);
  const service = await startAgreementsService(
    config,
    StorageModule.forRoot(config),
    AuthModule.forNodeKey(identity.key, config.auth),
  );
  const grpc = config.grpc ? `, gRPC on ${config.http.host}:${config.grpc.port}` : '';
  console.log(`ketnoi agreements (${config.nodeId}) on ${service.url}${grpc}`);
}

main().catch((error: unknown) => {
  // A bad setting is one line naming the variable; anything else keeps its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
