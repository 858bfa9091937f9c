import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateNodeKey, loadNodeKey, NODE_KEY_FILE, NodeKeyError } from '../../../../../libs/federation/src/keys/node-key.js';
import { lockDataDir, NodeInUseError } from '../../../../../libs/platform/src/storage/data-dir-lock.js';
import { CliError } from '../cli-command.js';
import { cliConfig, messageOf } from '../cli-config.js';
import type { KeysOptions } from './keys.command.js';

/** The data dir the node itself would use, so a key generated here is the one `start` loads. */
const dataDirOf = (options: KeysOptions): string => cliConfig(options.dataDir === undefined ? {} : { dataDir: options.dataDir }).dataDir;

export async function generateKey(options: KeysOptions): Promise<void> {
  const dataDir = dataDirOf(options);
  const file = join(dataDir, NODE_KEY_FILE);
  if (options.force !== true && existsSync(file))
    throw new CliError(
      `keys generate: ${file} already exists: \`ketnoi keys show\` prints its public key; ` +
        'pass --force to replace it (partners then reject new events until their trust registries change)',
    );
  // A running hub signs with the key it loaded: replacing the file under it would leave the
  // hub and its partners' registries on different keys without anyone noticing.
  const lock = await lockDataDir(dataDir, { command: 'ketnoi keys generate' }).catch((error: unknown) => {
    if (error instanceof NodeInUseError) throw new CliError(`keys generate: ${error.message}; stop it first`);
    throw new CliError(`keys generate: ${dataDir}: ${messageOf(error)}`);
  });
  try {
    const publicKeyPem = await generateNodeKey(dataDir, { force: options.force === true });
    process.stderr.write(`keys: wrote ${file} (mode 0600)\n`);
    process.stdout.write(publicKeyPem);
  } catch (error) {
    if (error instanceof NodeKeyError) throw new CliError(`keys generate: ${error.message}`);
    throw new CliError(`keys generate: ${dataDir}: ${messageOf(error)}`);
  } finally {
    await lock.release();
  }
}

/** Reading the key never disturbs a running hub: no lock is taken. */
export async function showKey(options: KeysOptions): Promise<void> {
  const dataDir = dataDirOf(options);
  const file = join(dataDir, NODE_KEY_FILE);
  if (!existsSync(file))
    throw new CliError(
      `keys show: no node key at ${file}: \`ketnoi keys generate\` makes one (or the node's first start does); ` +
        'set KETNOI_DATA_DIR as for the hub, or pass --data-dir',
    );
  const key = await loadNodeKey(dataDir).catch((error: unknown) => {
    throw new CliError(`keys show: ${messageOf(error)}`);
  });
  process.stderr.write(`keys: public key of ${file}\n`);
  process.stdout.write(key.publicKeyPem);
}
