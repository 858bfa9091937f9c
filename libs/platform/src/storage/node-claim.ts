import type { KetnoiConfig } from '@ketnoi/config';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { lockNodeWriter } from './node-writer-lock.js';

export type NodeClaimConfig = Pick<KetnoiConfig, 'nodeId' | 'dataDir' | 'storage'>;

/** This process is the only one opening the node's storage until `release`. */
export interface NodeClaim {
  /** Names the API's URL in the data dir's lock file (see {@link DataDirLock.announce}). */
  announce(url: string): Promise<void>;
  release(): Promise<void>;
}

export interface ClaimNodeOptions {
  /** What claims the node: `hub`, or the CLI command. @defaultValue `hub` */
  readonly command?: string;
  /** Where warnings (a stale lock taken over, a lost writer lock) go. @defaultValue stderr */
  readonly log?: (line: string) => void;
}

/**
 * The one way into a node's storage for a process that writes or rebuilds it (the hub, the
 * CLI): the data dir's lock file first (it holds PGlite and the node key), then, on a PostgreSQL
 * server, the node's writer lock on its schema. Throws {@link NodeInUseError} naming the holder,
 * before anything is opened.
 */
export async function claimNode(config: NodeClaimConfig, options: ClaimNodeOptions = {}): Promise<NodeClaim> {
  const dataDir: DataDirLock = await lockDataDir(config.dataDir, options);
  if (config.storage.kind !== 'postgres') return { announce: (url) => dataDir.announce(url), release: () => dataDir.release() };
  let writer;
  try {
    writer = await lockNodeWriter({
      connectionString: config.storage.connectionString,
      nodeId: config.nodeId,
      ...(config.storage.schema ? { schema: config.storage.schema } : {}),
      ...options,
    });
  } catch (error) {
    await dataDir.release();
    throw error;
  }
  return {
    announce: (url) => dataDir.announce(url),
    async release() {
      try {
        await writer.release();
      } finally {
        await dataDir.release();
      }
    },
  };
}
