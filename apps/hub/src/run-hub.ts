import { ConfigError, loadConfig, type Environment } from '@ketnoi/config';
import { startHub, type RunningHub } from './start-hub.js';

/**
 * The process entry of a node (`npm start`, `ketnoi start`): validate the environment, start,
 * log one ready line. A bad configuration or a failed start prints one line on stderr and exits
 * with code 1, without a stack trace: the operator needs the variable, not our call stack.
 */
export async function runHub(env: Environment = process.env): Promise<RunningHub> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message);
    throw error;
  }
  let hub: RunningHub;
  try {
    hub = await startHub(config, { shutdownHooks: true });
  } catch (error) {
    exitWith(`Cannot start the hub: ${error instanceof Error ? error.message : String(error)}`);
  }
  const storage =
    config.storage.kind === 'pglite' ? `PGlite at ${config.storage.dataDir}` : 'PostgreSQL server';
  // Loaded after the start, which loads it anyway: importing it first would delay the storage.
  const { JsonLogger } = await import('@ketnoi/platform');
  hub.app
    .get(JsonLogger)
    .log(
      `ketnoi node ${config.nodeId} ready: API ${hub.url}/v1, docs ${hub.url}/docs, health ${hub.url}/health/ready, metrics ${hub.url}/metrics, gRPC ${hub.grpcAddress ?? 'off'}; storage ${storage}`,
      'Hub',
    );
  return hub;
}

function exitWith(line: string): never {
  process.stderr.write(`${line.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
}
