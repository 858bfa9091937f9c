/** JSON as stored: what survives a round trip through JSON.parse(JSON.stringify(x)). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the origin node decided about an event; covered by the hash. */
export interface OriginMetadata {
  /** Who acted (JWT `sub`, or `system:<process>`). */
  readonly actor: string;
  /** The node the actor belongs to. */
  readonly actorNode: string;
  /** The node whose log first recorded the event. Equals this node for local events. */
  readonly originNode: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** ISO 8601 instant at which the origin decided the event. */
  readonly occurredAt: string;
}

/** An event handed to `appendToStream`. The store adds revision, position, hashes and recordedAt. */
export interface EventToAppend {
  /** UUIDv7. Appending an eventId that is already stored is a no-op (idempotent append). */
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Json;
  readonly metadata: OriginMetadata;
}

export interface RecordedMetadata extends OriginMetadata {
  /** The revision in the origin's stream; equals `revision` (streams have exactly one writer). */
  readonly originRevision: number;
  /** ISO 8601 instant at which this node's log stored the event (node-local, not hashed). */
  readonly recordedAt: string;
  /** `hash` of the previous event of the stream; 64 zeros for revision 0. */
  readonly prevHash: string;
  /** SHA-256 (hex) over the JCS encoding of the hashed fields; see hash-chain/. */
  readonly hash: string;
  /** Ed25519 signature of the origin node over `hash` (base64url); absent when the node signs nothing. */
  readonly signature?: string;
}

export interface RecordedEvent {
  readonly eventId: string;
  readonly streamId: string;
  /** 0-based, contiguous per stream. */
  readonly revision: number;
  /** 1-based, contiguous per node log, in commit order. */
  readonly globalPosition: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Json;
  readonly metadata: RecordedMetadata;
}
