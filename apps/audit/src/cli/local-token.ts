import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@ketnoi/config';
import { loadNodeKey, NODE_KEY_FILE } from '@ketnoi/federation/keys';
import { mintToken, type Role } from '@ketnoi/platform';
import { CliError } from './cli-command.js';

export interface LocalTokenRequest {
  readonly role: Role;
  /** @defaultValue this node ($KETNOI_NODE_ID) */
  readonly node?: string;
  readonly sub?: string;
  readonly ttlSeconds?: number;
  /** @defaultValue the node's own data dir ($KETNOI_DATA_DIR, else ./data/$KETNOI_NODE_ID) */
  readonly dataDir?: string;
}

/** A token signed with the node key in the local data dir: what an operator on the node's machine may mint. */
export async function mintLocalToken(request: LocalTokenRequest): Promise<string> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const dataDir = request.dataDir ?? config.dataDir;
  if (!existsSync(join(dataDir, NODE_KEY_FILE)))
    throw new CliError(`no node key at ${join(dataDir, NODE_KEY_FILE)}: start the node once, or pass --data-dir or --token`);
  const key = await loadNodeKey(dataDir);
  return mintToken(
    {
      role: request.role,
      node: request.node ?? config.nodeId,
      ...(request.sub ? { sub: request.sub } : {}),
      ...(request.ttlSeconds ? { ttlSeconds: request.ttlSeconds } : {}),
    },
    key.privateKey,
  );
}

/** `1h`, `30m`, `45s`, `2d` or a number of seconds. */
export function parseTtl(raw: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(raw.trim());
  const seconds = match ? Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'] : NaN;
  if (!(seconds > 0)) throw new CliError(`--ttl must be a duration such as 1h, 30m or 3600 (got ${JSON.stringify(raw)})`);
  return seconds;
}
