import { existsSync } from 'node:fs';
import { loadTrustRegistry } from '@ketnoi/federation/trust';
import type { NodeDirectory } from '@ketnoi/platform';

/**
 * Who runs a node of their own: this node and every node of the trust registry. A party that is
 * neither (many donors) is recorded for at the home by an admin. No registry file (an embedded
 * node on its own) means only this node.
 */
export async function loadNodeDirectory(nodeId: string, trustRegistryPath: string): Promise<NodeDirectory> {
  const known = new Set([nodeId]);
  if (existsSync(trustRegistryPath)) for (const id of (await loadTrustRegistry(trustRegistryPath)).nodeIds()) known.add(id);
  return { runsNode: (id) => known.has(id) };
}
