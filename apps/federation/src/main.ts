import { ConfigError, loadConfig } from '@ketnoi/config';
import { startFederation } from './start-federation.js';

// Configured by the environment like the hub (KAFKA_BROKERS required); one line and exit 1 on a bad start.
try {
  await startFederation(loadConfig(process.env), { shutdownHooks: true });
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `federation: ${error instanceof Error ? error.message : String(error)}`}\n`);
  process.exit(1);
}
