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
