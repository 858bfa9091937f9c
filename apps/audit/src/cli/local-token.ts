import { existsSync } from 'node:fs';
import { join } from 'node:path';
// Deep imports: the barrels of federation and platform load Nest, Kafka and PGlite, and `ketnoi
// token` needs none of it: a token should cost a bare `node` start, not the hub's.
import { loadNodeKey, NODE_KEY_FILE } from '../../../../libs/federation/src/keys/node-key.js';
import type { Role } from '../../../../libs/platform/src/auth/claims.js';
import { mintToken } from '../../../../libs/platform/src/auth/jwt.js';
import { CliError } from './cli-command.js';

export interface LocalTokenRequest {
  readonly role: Role;
  /** The node the caller belongs to (the token's `node` claim). */
  readonly node: string;
  /** The data dir holding the node key that signs it. */
  readonly dataDir: string;
  readonly sub?: string;
  readonly ttlSeconds?: number;
}

/** A token signed with the node key in a local data dir: what an operator on the node's machine may mint. */
export async function mintLocalToken(request: LocalTokenRequest): Promise<string> {
  const keyFile = join(request.dataDir, NODE_KEY_FILE);
  if (!existsSync(keyFile))
    throw new CliError(
      `no node key at ${keyFile}: set KETNOI_DATA_DIR (or KETNOI_NODE_ID) as for the hub, or pass --data-dir or --token` +
        (process.env.KETNOI_DATA_DIR ? '' : ' (KETNOI_DATA_DIR is not set in this shell)'),
    );
  const key = await loadNodeKey(request.dataDir);
  return mintToken(
    {
      role: request.role,
      node: request.node,
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
