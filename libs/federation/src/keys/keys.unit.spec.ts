import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generateNodeKey, loadNodeKey, NodeKeyError } from './node-key.js';
import { nodeSigner } from './node-signer.js';
import { signHash, verifyHash } from './signing.js';

const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('node keys', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'ketnoi-keys-')), 'vn-hue');
  });
  afterEach(async () => {
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('generates an Ed25519 key as PKCS#8 PEM with mode 0600 and returns the public key as SPKI PEM', async () => {
    const publicKeyPem = await generateNodeKey(dataDir);

    const file = join(dataDir, 'node.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const pem = await readFile(file, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(createPrivateKey(pem).asymmetricKeyType).toBe('ed25519');
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(createPublicKey(publicKeyPem).asymmetricKeyType).toBe('ed25519');
    expect((await loadNodeKey(dataDir)).publicKeyPem).toBe(publicKeyPem);
  });

  it('keeps mode 0600 whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      await generateNodeKey(dataDir);
    } finally {
      process.umask(previous);
    }
    expect((await stat(join(dataDir, 'node.key'))).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite an existing key, and replaces it only when forced', async () => {
    const first = await generateNodeKey(dataDir);
    await expect(generateNodeKey(dataDir)).rejects.toThrow(
      /node\.key: already exists; refusing to overwrite/,
    );
    expect((await loadNodeKey(dataDir)).publicKeyPem).toBe(first);

    const second = await generateNodeKey(dataDir, { force: true });
    expect(second).not.toBe(first);
    expect((await loadNodeKey(dataDir)).publicKeyPem).toBe(second);
    expect((await stat(join(dataDir, 'node.key'))).mode & 0o777).toBe(0o600);
  });

  it('names the file when the key is missing', async () => {
    const error = await loadNodeKey(dataDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeKeyError);
    expect((error as NodeKeyError).file).toBe(join(dataDir, 'node.key'));
    expect((error as Error).message).toContain(join(dataDir, 'node.key'));
    expect((error as Error).message).toMatch(/ketnoi keys generate/);
  });

  it('refuses a key file that is not PEM, or not Ed25519', async () => {
    await generateNodeKey(dataDir);
    const file = join(dataDir, 'node.key');
    await writeFile(file, 'garbage');
    await expect(loadNodeKey(dataDir)).rejects.toThrow(`${file}: not a PKCS#8 PEM private key`);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadNodeKey(dataDir)).rejects.toThrow(`${file}: must be an Ed25519 key, found ec`);
  });

  it('signs a hash so that its public key verifies it, and nothing else does', async () => {
    const publicKeyPem = await generateNodeKey(dataDir);
    const key = await loadNodeKey(dataDir);
    const signature = signHash(key.privateKey, HASH);

    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyHash(publicKeyPem, HASH, signature)).toBe(true);
    expect(verifyHash(key.publicKeyPem, HASH, signature)).toBe(true);

    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(verifyHash(other, HASH, signature)).toBe(false);
    expect(verifyHash(publicKeyPem, HASH.replace(/^e/, 'f'), signature)).toBe(false);
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(verifyHash(publicKeyPem, HASH, flipped)).toBe(false);
    expect(verifyHash(publicKeyPem, HASH, 'not a signature')).toBe(false);
    expect(verifyHash(publicKeyPem, HASH, '')).toBe(false);
  });

  it('refuses keys of another algorithm instead of verifying with them', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() => signHash(rsa.privateKey, HASH)).toThrow(/Ed25519/);
    expect(() => verifyHash(rsa.publicKey, HASH, 'x'.repeat(86))).toThrow(/Ed25519/);
  });

  it('gives the event store a NodeSigner whose signatures verify under the node public key', async () => {
    const publicKeyPem = await generateNodeKey(dataDir);
    const signer = nodeSigner('vn-hue', await loadNodeKey(dataDir));
    expect(signer.nodeId).toBe('vn-hue');
    expect(verifyHash(publicKeyPem, HASH, signer.sign(HASH))).toBe(true);
    const privateKey = createPrivateKey(await readFile(join(dataDir, 'node.key')));
    expect(() => nodeSigner('Huế', { privateKey })).toThrow(/node id/);
  });
});
