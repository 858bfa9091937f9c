import type { CliCommand } from '../cli-command.js';

export interface KeysOptions {
  readonly dataDir?: string;
  readonly force?: boolean;
}

const DATA_DIR = ['--data-dir <dir>', 'data directory (default: $KETNOI_DATA_DIR, else ./data/$KETNOI_NODE_ID)'] as const;

/**
 * `ketnoi keys generate|show`: this node's Ed25519 signing key in `<dataDir>/node.key` (PKCS#8
 * PEM, mode 0600). Both print only the public key (SPKI PEM) on stdout, so it can be piped into
 * the partners' trust registries; where the key is, is said on stderr.
 */
export const keysCommand: CliCommand = (program) => {
  const keys = program.command('keys').description("manage this node's Ed25519 signing key");
  keys
    .command('generate')
    .description('write a new node key to <dataDir>/node.key (mode 0600) and print its public key (SPKI PEM)')
    .option(...DATA_DIR)
    .option('--force', 'replace an existing key (partners reject new events until their trust registries change)')
    .action(async (options: KeysOptions) => (await import('./keys.run.js')).generateKey(options));
  keys
    .command('show')
    .description("print the public key (SPKI PEM) of the node's existing key, for partners' trust registries")
    .option(...DATA_DIR)
    .action(async (options: KeysOptions) => (await import('./keys.run.js')).showKey(options));
};
