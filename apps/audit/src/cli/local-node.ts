import { existsSync, readdirSync } from 'node:fs';
import type { KetnoiConfig } from '../../../../libs/config/src/ketnoi-config.js';
import type { Role } from '../../../../libs/platform/src/auth/claims.js';
import { claimNode, describeHolder, NodeInUseError, openStorage, type OpenStorage } from '@ketnoi/platform/storage';
import { CliError } from './cli-command.js';
import { cliConfig, messageOf } from './cli-config.js';
import { explicitUrl, findHub, hubAt, type HubTarget } from './hub-client.js';
import type { NodeOptions } from './node-options.js';

export type { HubTarget } from './hub-client.js';

export interface NodeWork<T> {
  /** The node is stopped: this process holds its data dir (and writer lock) while this runs. */
  local(storage: OpenStorage, config: KetnoiConfig): Promise<T>;
  /** A live hub holds the data dir, or --url names one: the same work through its API. */
  remote(target: HubTarget): Promise<T>;
}

/**
 * Every command that works on a node goes through here, so it never opens files a running hub has
 * open. With `--url` (or $KETNOI_URL) it works through that hub's API. Otherwise it claims the
 * node as the hub does (data dir lock, then the PostgreSQL writer lock): a stopped node's storage
 * is opened here; if a live hub on this machine holds it, the work goes through that hub's API
 * (its URL is in the lock file) with the caller's token or one signed by the node key.
 */
export async function onNode<T>(command: string, role: Role, options: NodeOptions, work: NodeWork<T>): Promise<T> {
  const request = { ...options, command, role };
  if (explicitUrl(options) !== undefined) return work.remote(await findHub(request));
  const config = cliConfig(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  requireNodeThere(command, config);
  let claim;
  try {
    claim = await claimNode(config, { command: `ketnoi ${command}` });
  } catch (error) {
    if (!(error instanceof NodeInUseError)) throw new CliError(`${command}: ${messageOf(error)}`);
    const hub = error.holder;
    if (hub?.url === undefined) throw new CliError(`${command}: ${error.message}; stop it first, or pass --url of the running node`);
    process.stderr.write(`${command}: node ${config.nodeId} is running (${describeHolder(hub)}): working through its API\n`);
    return work.remote(await hubAt(hub.url, request, config.dataDir));
  }
  try {
    const storage = await openStorage(config).catch((error: unknown) => {
      throw new CliError(`${command}: ${messageOf(error)}`);
    });
    try {
      return await work.local(storage, config);
    } finally {
      await storage.close();
    }
  } finally {
    await claim.release();
  }
}

/**
 * A PGlite data dir that does not exist or is empty has never held a node: opening it would make
 * an empty node and report on nothing, when the caller most likely runs with another environment
 * than the hub's.
 */
function requireNodeThere(command: string, config: KetnoiConfig): void {
  if (config.storage.kind !== 'pglite') return;
  const dir = config.dataDir;
  if (existsSync(dir) && readdirSync(dir).length > 0) return;
  throw new CliError(
    `${command}: no node at ${dir} (${existsSync(dir) ? 'empty' : 'no such directory'}): ` +
      'set KETNOI_DATA_DIR or KETNOI_NODE_ID as for the hub, pass --data-dir, or --url of a running node',
  );
}
