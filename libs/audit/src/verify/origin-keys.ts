import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadTrustRegistry } from '@ketnoi/federation/trust';
import type { OriginKeys } from './verify-log.js';

/** This node's public key for its own events, the trust registry's for everyone else's. */
export async function originKeys(nodeId: string, ownPrivateKey: KeyObject, trustRegistryPath: string): Promise<OriginKeys> {
  const own = createPublicKey(ownPrivateKey);
  const registry = existsSync(trustRegistryPath) ? await loadTrustRegistry(trustRegistryPath) : undefined;
  return (origin) => (origin === nodeId ? own : registry?.publicKeyOf(origin));
}
