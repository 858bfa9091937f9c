import { ConfigError, loadConfig, type Environment } from '@ketnoi/config';
import { NODE_SERVICES, processName, type NodeService } from './node-services.js';
import { startNode, type RunningNode } from './start-node.js';

/**
 * The process entry of a node (`npm start`, `ketnoi start`) or of one of its services
 * (apps/agreements, apps/projections, apps/federation): validate the environment, start, log one
 * ready line. A bad configuration or a failed start prints one line on stderr and exits with
 * code 1, without a stack trace: the operator needs the variable, not our call stack.
 */
export async function runNode(
  env: Environment = process.env,
  services: readonly NodeService[] = NODE_SERVICES,
): Promise<RunningNode> {
  const name = processName(services);
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message);
    throw error;
  }
  let node: RunningNode;
  try {
    node = await startNode(config, services, { shutdownHooks: true });
  } catch (error) {
    exitWith(
      error instanceof ConfigError
        ? error.message
        : `Cannot start the ${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const storage =
    config.storage.kind === 'pglite' ? `PGlite at ${config.storage.dataDir}` : 'PostgreSQL server';
  const what = name === 'hub' ? `ketnoi node ${config.nodeId}` : `ketnoi ${name} of node ${config.nodeId}`;
  // Loaded after the start, which loads it anyway: importing it first would delay the storage.
  const { JsonLogger } = await import('@ketnoi/platform');
  node.app
    .get(JsonLogger)
    .log(
      `${what} ready: API ${node.url}/v1, docs ${node.url}/docs, health ${node.url}/health/ready, metrics ${node.url}/metrics, gRPC ${node.grpcAddress ?? 'off'}; storage ${storage}` +
        // A new node says so in the same line: one line when ready, whatever the start.
        (node.createdKeyFile ? `; created node key ${node.createdKeyFile}: add its public key to partners' trust registries` : ''),
      name === 'hub' ? 'Hub' : 'Node',
    );
  return node;
}

function exitWith(line: string): never {
  process.stderr.write(`${line.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
}
