import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const NODE_KEY_FILE = 'node.key';

/** This node's signing identity, as loaded from `<dataDir>/node.key`. */
export interface NodeKey {
  readonly privateKey: KeyObject;
  /** SPKI PEM: what partners put in their trust registry. */
  readonly publicKeyPem: string;
  readonly file: string;
}

export interface GenerateNodeKeyOptions {
  /** Replace an existing key. Partners then reject this node's new events until their trust registries change. @defaultValue false */
  readonly force?: boolean;
}

export class NodeKeyError extends Error {
  override readonly name = 'NodeKeyError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * Writes a new Ed25519 key to `<dataDir>/node.key` (PKCS#8 PEM, mode 0600) and returns its public
 * key as SPKI PEM. Refuses to overwrite: losing a node key orphans every signature it made.
 */
export async function generateNodeKey(
  dataDir: string,
  options: GenerateNodeKeyOptions = {},
): Promise<string> {
  const file = join(dataDir, NODE_KEY_FILE);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Write beside the target and rename, so a crash never leaves a half-written key; 'wx' and an
  // explicit chmod keep the mode at 0600 whatever the umask.
  const target = options.force ? `${file}.${process.pid}.tmp` : file;
  let handle;
  try {
    handle = await open(target, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new NodeKeyError(
        file,
        'already exists; refusing to overwrite a node key (use force to replace it)',
      );
    }
    throw error;
  }
  try {
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(target, 0o600);
  if (target !== file) {
    try {
      await rename(target, file);
    } catch (error) {
      await rm(target, { force: true });
      throw error;
    }
  }
  return publicKey.export({ type: 'spki', format: 'pem' }) as string;
}

/** Reads `<dataDir>/node.key`; errors name the file. */
export async function loadNodeKey(dataDir: string): Promise<NodeKey> {
  const file = join(dataDir, NODE_KEY_FILE);
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NodeKeyError(file, 'no node key; run `ketnoi keys generate` to create one');
    }
    throw new NodeKeyError(file, `cannot read the node key: ${(error as Error).message}`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new NodeKeyError(file, `not a PKCS#8 PEM private key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new NodeKeyError(
      file,
      `must be an Ed25519 key, found ${privateKey.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  return { privateKey, publicKeyPem, file };
}
