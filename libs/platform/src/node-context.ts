/** Who this process is within the federation: every app module injects it instead of reading env. */
export interface NodeContext {
  /** This node's id, e.g. `vn-hue`. Agreements drafted here have it as their home. */
  readonly nodeId: string;
}

export const NODE_CONTEXT = Symbol('NODE_CONTEXT');

/**
 * The authenticated caller of a request. Until JWT authentication lands (issue 5) the edge
 * resolves every caller to this node's local officer; the shape is what the JWT will carry.
 */
export interface Actor {
  /** JWT `sub`. */
  readonly subject: string;
  readonly role: 'officer' | 'partner' | 'auditor' | 'admin';
  /** JWT `node`: the node the caller belongs to. */
  readonly node: string;
}

/**
 * This node's signing key (Ed25519, `<dataDir>/node.key`): it signs the events the node records
 * and, by default, the JWTs it issues. Provided by the app that loaded it.
 */
export interface NodeKeyPair {
  readonly privateKey: import('node:crypto').KeyObject;
  /** SPKI PEM, as partners hold it in their trust registries. */
  readonly publicKeyPem: string;
}

export const NODE_KEY = Symbol('NODE_KEY');
