import { loadConfig, ConfigError } from '@ketnoi/config';
import { generateNodeKey, NodeKeyError } from '@ketnoi/federation/keys';
import { lockDataDir, NodeInUseError } from '@ketnoi/platform/storage';
import { resolve } from 'node:path';
import { CliError, type CliCommand } from '../cli-command.js';

/**
 * `ketnoi keys generate`: this node's Ed25519 signing key in `<dataDir>/node.key` (PKCS#8 PEM,
 * mode 0600). Prints only the public key (SPKI PEM) on stdout, so it can be piped into the
 * partners' trust registries; where the key went is said on stderr.
 */
export const keysCommand: CliCommand = (program) => {
  const keys = program.command('keys').description("manage this node's Ed25519 signing key");
  keys
    .command('generate')
    .description('write a new node key to <dataDir>/node.key (mode 0600) and print its public key (SPKI PEM)')
    .option('--data-dir <dir>', 'data directory (default: $KETNOI_DATA_DIR, else ./data/$KETNOI_NODE_ID)')
    .option('--force', 'replace an existing key (partners reject new events until their trust registries change)')
    .action(async (options: { dataDir?: string; force?: boolean }) => {
      const dataDir = options.dataDir ? resolve(options.dataDir) : defaultDataDir();
      // A running hub signs with the key it loaded: replacing the file under it would leave the
      // hub and its partners' registries on different keys without anyone noticing.
      const lock = await lockDataDir(dataDir, { command: 'ketnoi keys generate' }).catch((error: unknown) => {
        if (error instanceof NodeInUseError) throw new CliError(`keys generate: ${error.message}; stop it first`);
        throw new CliError(`keys generate: ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
      });
      try {
        const publicKeyPem = await generateNodeKey(dataDir, { force: options.force === true });
        process.stderr.write(`keys: wrote ${resolve(dataDir, 'node.key')} (mode 0600)\n`);
        process.stdout.write(publicKeyPem);
      } catch (error) {
        if (error instanceof NodeKeyError) throw new CliError(`keys generate: ${error.message}`);
        throw new CliError(`keys generate: ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await lock.release();
      }
    });
};

/** The data dir the node itself would use, so a key generated here is the one `start` loads. */
function defaultDataDir(): string {
  try {
    return loadConfig(process.env).dataDir;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`keys generate: ${error.message}`);
    throw error;
  }
}
