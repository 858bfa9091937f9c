import { generateNodeKey, loadNodeKey, NodeKeyError, type NodeKey } from './node-key.js';
import { nodeSigner, type NodeSigner } from './node-signer.js';

export interface NodeIdentity {
  readonly key: NodeKey;
  /** Signs every event this node records (the store writes the signature beside the hash). */
  readonly signer: NodeSigner;
  /** True when this start created the key (a fresh data dir). */
  readonly created: boolean;
}

/**
 * The node's Ed25519 key from `<dataDir>/node.key`, created on the first start of an embedded
 * node so that every event it ever records is signed; an existing key is never replaced.
 */
export async function loadNodeIdentity(nodeId: string, dataDir: string): Promise<NodeIdentity> {
  let created = false;
  try {
    await generateNodeKey(dataDir);
    created = true;
  } catch (error) {
    // Already there (the usual case, or a concurrent first start won the race): keep it.
    if (!(error instanceof NodeKeyError)) throw error;
  }
  const key = await loadNodeKey(dataDir);
  return { key, signer: nodeSigner(nodeId, key), created };
}
