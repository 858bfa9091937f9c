import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadTrustRegistry, parseTrustRegistry, TrustRegistryError } from './trust-registry.js';

const ed25519 = () =>
  generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;

describe('trust registry', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ketnoi-trust-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads node ids, names and Ed25519 public keys from the file', async () => {
    const nevers = ed25519();
    const file = join(dir, 'trust.json');
    await writeFile(
      file,
      JSON.stringify({
        'fr-nevers': { name: 'Ville de Nevers', publicKey: nevers },
        'org-koica': { name: 'Korea International Cooperation Agency', publicKey: ed25519() },
      }),
    );
    const registry = await loadTrustRegistry(file);
    expect(registry.nodeIds()).toEqual(['fr-nevers', 'org-koica']);
    expect(registry.get('fr-nevers')?.name).toBe('Ville de Nevers');
    expect(registry.publicKeyOf('fr-nevers')?.export({ type: 'spki', format: 'pem' })).toBe(nevers);
    expect(registry.publicKeyOf('vn-hue')).toBeUndefined();
  });

  it('accepts an empty registry (a node with no partners yet)', () => {
    expect(parseTrustRegistry({}).nodeIds()).toEqual([]);
  });

  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string;
  it.each([
    ['not an object', [], '', /must be a JSON object/],
    ['a bad node id', { 'VN HUE': { name: 'Huế', publicKey: ed25519() } }, '"VN HUE"', /is not a node id/],
    ['an entry that is not an object', { 'vn-hue': 'key' }, '"vn-hue"', /must be an object/],
    ['a missing name', { 'vn-hue': { publicKey: ed25519() } }, '"vn-hue".name', /non-empty string/],
    ['a blank name', { 'vn-hue': { name: ' ', publicKey: ed25519() } }, '"vn-hue".name', /non-empty string/],
    ['a missing key', { 'vn-hue': { name: 'Huế' } }, '"vn-hue".publicKey', /SPKI PEM/],
    [
      'a key that is no PEM',
      { 'vn-hue': { name: 'Huế', publicKey: 'ssh-ed25519 AAAA' } },
      '"vn-hue".publicKey',
      /SPKI PEM/,
    ],
    [
      'a PEM that does not parse',
      {
        'vn-hue': { name: 'Huế', publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' },
      },
      '"vn-hue".publicKey',
      /does not parse/,
    ],
    [
      'an RSA key',
      { 'vn-hue': { name: 'Huế', publicKey: rsa } },
      '"vn-hue".publicKey',
      /must be an Ed25519 key, found rsa/,
    ],
  ])('rejects %s, naming the entry', (_name, json, field, reason) => {
    const error = (() => {
      try {
        parseTrustRegistry(json, 'trust.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TrustRegistryError);
    expect((error as TrustRegistryError).field).toBe(field);
    expect((error as TrustRegistryError).reason).toMatch(reason);
    expect((error as Error).message).toMatch(/^trust\.json/);
  });

  it('names the file when it is missing or not JSON', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadTrustRegistry(missing)).rejects.toThrow(`${missing}: no such file`);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"vn-hue": ');
    await expect(loadTrustRegistry(broken)).rejects.toThrow(new RegExp(`^${broken}: not valid JSON`));
  });
});
