import type { KetnoiConfig } from '@ketnoi/config';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { lockNodeWriter, type NodeWriterLock } from './node-writer-lock.js';

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
  /**
   * The services of the node this process runs, when not all of them (a standalone service).
   * On a PostgreSQL server each takes its own lock file and writer lock, so the node's services
   * run as separate processes, each once; on PGlite the data dir is one process's either way.
   * @defaultValue the whole node
   */
  readonly services?: readonly string[];
}

/**
 * The one way into a node's storage for a process that writes or rebuilds it (the hub, the
 * CLI): the data dir's lock file first (it holds PGlite and the node key), then, on a PostgreSQL
 * server, the node's writer lock on its schema. Throws {@link NodeInUseError} naming the holder,
 * before anything is opened.
 */
export async function claimNode(config: NodeClaimConfig, options: ClaimNodeOptions = {}): Promise<NodeClaim> {
  const { services, ...lockOptions } = options;
  const shared = config.storage.kind === 'postgres' && services !== undefined;
  const dataDir: DataDirLock = await lockDataDir(config.dataDir, {
    ...lockOptions,
    ...(shared ? { file: `${services.join('+')}.lock` } : {}),
  });
  if (config.storage.kind !== 'postgres') return { announce: (url) => dataDir.announce(url), release: () => dataDir.release() };
  const { connectionString, schema } = config.storage;
  const writers: NodeWriterLock[] = [];
  try {
    // One writer lock per service, or the node's own for the whole node.
    for (const service of services ?? [undefined])
      writers.push(
        await lockNodeWriter({
          connectionString,
          nodeId: config.nodeId,
          ...(schema ? { schema } : {}),
          ...lockOptions,
          ...(service === undefined ? {} : { service }),
        }),
      );
  } catch (error) {
    await Promise.all(writers.map((w) => w.release()));
    await dataDir.release();
    throw error;
  }
  const writer = { release: () => Promise.all(writers.map((w) => w.release())).then(() => undefined) };
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
