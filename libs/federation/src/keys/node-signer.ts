import { isNodeId, NODE_ID_RULE } from '../node-id.js';
import type { NodeKey } from './node-key.js';
import { signHash } from './signing.js';

/** What the event store needs to sign the events this node originates. */
export interface NodeSigner {
  readonly nodeId: string;
  /** Ed25519 signature over the event hash, base64url. */
  sign(hash: string): string;
}

export function nodeSigner(nodeId: string, key: Pick<NodeKey, 'privateKey'>): NodeSigner {
  if (!isNodeId(nodeId))
    throw new TypeError(`nodeId must be a node id (${NODE_ID_RULE}), got ${JSON.stringify(nodeId)}`);
  return { nodeId, sign: (hash) => signHash(key.privateKey, hash) };
}
