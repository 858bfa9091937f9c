import type { CliCommand } from '../cli-command.js';

export interface TokenOptions {
  readonly role: string;
  readonly node?: string;
  readonly sub?: string;
  readonly ttl: string;
  readonly dataDir?: string;
}

/** `ketnoi token`: a bearer token signed with this node's key, for curl, the web UI and scripts. */
export const tokenCommand: CliCommand = (program) => {
  program
    .command('token')
    .description("print a bearer token signed with this node's key")
    .requiredOption('--role <role>', 'officer | partner | auditor | admin')
    .option('--node <nodeId>', 'the node the caller belongs to (default: this node, $KETNOI_NODE_ID)')
    .option('--sub <subject>', 'who the caller is (default: <role>@<node>)')
    .option('--ttl <duration>', 'lifetime: 1h, 30m, 3600 ...', '1h')
    .option('--data-dir <dir>', 'data directory holding node.key (default: $KETNOI_DATA_DIR, else ./data/$KETNOI_NODE_ID)')
    // Implementations load on use: `--help` and `token` stay at commander's cost, not the hub's.
    .action(async (options: TokenOptions) => (await import('./token.run.js')).printToken(options));
};
