/**
 * Extension attributes that carry the rest of the envelope, so the receiver rebuilds it exactly
 * and recomputes the origin's hash. Names follow the spec: lower-case letters and digits, at most
 * 20 characters. schemaVersion needs none: it is the `.v<n>` suffix of `type`.
 */
export const KETNOI_EXTENSIONS = {
  revision: 'ketnoirevision',
  hash: 'ketnoihash',
  prevHash: 'ketnoiprevhash',
  signature: 'ketnoisignature',
  actor: 'ketnoiactor',
  actorNode: 'ketnoiactornode',
  originNode: 'ketnoioriginnode',
  correlationId: 'ketnoicorrelationid',
  causationId: 'ketnoicausationid',
} as const;
