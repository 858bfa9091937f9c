// The read service on its own: `node dist/apps/projections/src/main.js`.
import 'reflect-metadata';
import { ConfigError, loadConfig } from '@ketnoi/config';
import { StorageModule } from '@ketnoi/platform';
import { startProjectionsService } from './start-projections-service.js';

async function main(): Promise<void> {
  // PORT, HOST, KETNOI_NODE_ID, KETNOI_DATA_DIR, DATABASE_URL: validated in one place.
  const config = loadConfig(process.env);
  const service = await startProjectionsService(config.http, StorageModule.forRoot(config));
  console.log(`ketnoi projections (${config.nodeId}) on ${service.url}`);
}

main().catch((error: unknown) => {
  // A bad setting is one line naming the variable; anything else keeps its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
