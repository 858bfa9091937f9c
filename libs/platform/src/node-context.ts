/** Who this process is within the federation: every app module injects it instead of reading env. */
export interface NodeContext {
  /** This node's id, e.g. `vn-hue`. Agreements drafted here have it as their home. */
  readonly nodeId: string;
}

export const NODE_CONTEXT = Symbol('NODE_CONTEXT');

/** The authenticated caller of a request, with the rights this node grants it (`actorOnNode`). */
export interface Actor {
  /** JWT `sub`. */
  readonly subject: string;
  readonly role: 'officer' | 'partner' | 'auditor' | 'admin';
  /** JWT `node`: the node the caller belongs to. */
  readonly node: string;
  /**
   * The role the token claims, when this node grants less: a token of another node acts here at
   * most as that node's partner (`actorOnNode`), whatever role its issuer gave it.
   */
  readonly claimedRole?: 'officer' | 'auditor' | 'admin';
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
