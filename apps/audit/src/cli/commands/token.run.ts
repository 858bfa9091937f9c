import { ROLES, type Role } from '../../../../../libs/platform/src/auth/claims.js';
import { CliError } from '../cli-command.js';
import { cliConfig } from '../cli-config.js';
import { mintLocalToken, parseTtl } from '../local-token.js';
import type { TokenOptions } from './token.command.js';

export async function printToken(options: TokenOptions): Promise<void> {
  if (!(ROLES as readonly string[]).includes(options.role))
    throw new CliError(`--role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(options.role)})`);
  if (options.node !== undefined && !/^[a-z0-9][a-z0-9-]{1,62}$/.test(options.node))
    throw new CliError(`--node must be a node id such as vn-hue (got ${JSON.stringify(options.node)})`);
  const config = cliConfig(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  const token = await mintLocalToken({
    role: options.role as Role,
    node: options.node ?? config.nodeId,
    dataDir: config.dataDir,
    ttlSeconds: parseTtl(options.ttl),
    ...(options.sub ? { sub: options.sub } : {}),
  });
  process.stdout.write(`${token}\n`);
}
