import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, KETNOI_BIN, runNode } from '../hub/hub-process.js';

const SPKI_PEM = /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/;

describe('ketnoi keys generate (the built CLI in its own process)', () => {
  beforeAll(() => ensureBuilt(), 300_000);
  const dirs: string[] = [];
  const freshDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ketnoi-keys-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('given an empty data dir, when generating, then node.key is an Ed25519 PKCS#8 PEM of mode 0600 whose public key is printed', async () => {
    const dir = join(await freshDir(), 'vn-hue');
    const run = await runNode([KETNOI_BIN, 'keys', 'generate', '--data-dir', dir], {});
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(SPKI_PEM);
    expect(run.stderr).toContain(join(dir, 'node.key'));

    const file = join(dir, 'node.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const pem = await readFile(file, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const privateKey = createPrivateKey(pem);
    expect(privateKey.asymmetricKeyType).toBe('ed25519');
    // The printed key is the one that verifies what the stored key signs.
    const signature = sign(null, Buffer.from('hash'), privateKey);
    expect(verify(null, Buffer.from('hash'), createPublicKey(run.stdout), signature)).toBe(true);
  });

  it('given a key exists, when generating without --force, then it exits 1 naming the file and keeps the key', async () => {
    const dir = await freshDir();
    const first = await runNode([KETNOI_BIN, 'keys', 'generate', '--data-dir', dir], {});
    const before = await readFile(join(dir, 'node.key'), 'utf8');
    const again = await runNode([KETNOI_BIN, 'keys', 'generate', '--data-dir', dir], {});
    expect(first.code).toBe(0);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`${join(dir, 'node.key')} already exists: .*keys show.*--force`)),
    ]);
    expect(again.stdout).toBe('');
    expect(await readFile(join(dir, 'node.key'), 'utf8')).toBe(before);
  });

  it('given a key exists, when generating with --force, then it is replaced by a new one, still mode 0600', async () => {
    const dir = await freshDir();
    const first = await runNode([KETNOI_BIN, 'keys', 'generate', '--data-dir', dir], {});
    const forced = await runNode([KETNOI_BIN, 'keys', 'generate', '--data-dir', dir, '--force'], {});
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(SPKI_PEM);
    expect(forced.stdout).not.toBe(first.stdout);
    expect((await stat(join(dir, 'node.key'))).mode & 0o777).toBe(0o600);
  });

  it('given no --data-dir, then it writes where the node looks: $KETNOI_DATA_DIR', async () => {
    const dir = await freshDir();
    const run = await runNode([KETNOI_BIN, 'keys', 'generate'], { KETNOI_DATA_DIR: dir });
    expect(run.code).toBe(0);
    expect(createPublicKey(await readFile(join(dir, 'node.key'), 'utf8')).export({ type: 'spki', format: 'pem' })).toBe(
      run.stdout,
    );
  });

  it('given a bad KETNOI_NODE_ID and no --data-dir, then it exits 1 naming the variable', async () => {
    const run = await runNode([KETNOI_BIN, 'keys', 'generate'], { KETNOI_NODE_ID: 'Huế' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('KETNOI_NODE_ID');
  });

  it('given the data dir is a file, then it exits 1 naming the path', async () => {
    const file = join(await freshDir(), 'not-a-dir');
    await writeFile(file, 'x');
    const run = await runNode([KETNOI_BIN, 'keys', 'generate', '--data-dir', file], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(file);
  });
});
