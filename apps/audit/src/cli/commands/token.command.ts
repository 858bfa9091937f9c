import { ROLES, type Role } from '@ketnoi/platform';
import { CliError, type CliCommand } from '../cli-command.js';
import { mintLocalToken, parseTtl } from '../local-token.js';

/** `ketnoi token`: a bearer token signed with this node's key, for curl, the web UI and scripts. */
export const tokenCommand: CliCommand = (program) => {
  program
    .command('token')
    .description("print a bearer token signed with this node's key")
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--node <nodeId>', 'the node the caller belongs to (default: this node)')
    .option('--sub <subject>', 'who the caller is (default: <role>@<node>)')
    .option('--ttl <duration>', 'lifetime: 1h, 30m, 3600 ...', '1h')
    .option('--data-dir <dir>', 'data directory holding node.key (default: $KETNOI_DATA_DIR)')
    .action(async (options: { role: string; node?: string; sub?: string; ttl: string; dataDir?: string }) => {
      if (!(ROLES as readonly string[]).includes(options.role))
        throw new CliError(`--role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(options.role)})`);
      if (options.node !== undefined && !/^[a-z0-9][a-z0-9-]{1,62}$/.test(options.node))
        throw new CliError(`--node must be a node id such as vn-hue (got ${JSON.stringify(options.node)})`);
      const token = await mintLocalToken({
        role: options.role as Role,
        ttlSeconds: parseTtl(options.ttl),
        ...(options.node ? { node: options.node } : {}),
        ...(options.sub ? { sub: options.sub } : {}),
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      });
      process.stdout.write(`${token}\n`);
    });
};
