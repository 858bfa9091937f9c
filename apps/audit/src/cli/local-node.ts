import { ConfigError, loadConfig, type KetnoiConfig } from '@ketnoi/config';
import { claimNode, describeHolder, NodeInUseError, openStorage, type OpenStorage, type Role } from '@ketnoi/platform';
import { CliError } from './cli-command.js';
import { mintLocalToken } from './local-token.js';

/** A running hub's API, as the `--url` / `--token` options name one. */
export interface HubTarget {
  readonly url: string;
  readonly token: string;
}

export interface NodeWork<T> {
  /** The node is stopped: this process holds its data dir (and writer lock) while this runs. */
  local(storage: OpenStorage, config: KetnoiConfig): Promise<T>;
  /** A live hub holds the data dir: the same work through its API. Absent: the command is refused. */
  remote?(target: HubTarget): Promise<T>;
}

/** The configuration of `ketnoi start`, with a bad variable as one CLI line. */
export function cliConfig(): KetnoiConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * Every command that opens a node's storage goes through here, so it never opens files a running
 * hub has open: it claims the node as the hub does (data dir lock, then the PostgreSQL writer
 * lock); if a live hub on this machine holds it, the work goes through that hub's API (its URL is
 * in the lock file) with a token signed by the node key, or ($KETNOI_TOKEN) the caller's own.
 */
export async function onNode<T>(command: string, role: Role, work: NodeWork<T>): Promise<T> {
  const config = cliConfig();
  let claim;
  try {
    claim = await claimNode(config, { command: `ketnoi ${command}` });
  } catch (error) {
    if (!(error instanceof NodeInUseError)) throw new CliError(`${command}: ${messageOf(error)}`);
    const hub = error.holder;
    if (hub?.url === undefined || work.remote === undefined)
      throw new CliError(`${command}: ${error.message}; stop it first${hub?.url ? '' : ', or pass --url of the running node'}`);
    process.stderr.write(`${command}: node ${config.nodeId} is running (${describeHolder(hub)}): working through its API\n`);
    const token = process.env.KETNOI_TOKEN ?? (await mintLocalToken({ role, dataDir: config.dataDir }));
    return work.remote({ url: hub.url, token });
  }
  try {
    const storage = await openStorage(config).catch((error: unknown) => {
      throw new CliError(messageOf(error));
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

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
