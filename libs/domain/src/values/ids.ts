import type { NodeId } from '../agreement/vocabulary.js';
import { invalid } from '../errors.js';

/** A node id: lower-case because node ids name Kafka topics and streams. */
export const NODE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Ids the client chooses for things inside one agreement (milestones, documents, notes).
const LOCAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export const isNodeId = (input: unknown): input is NodeId => typeof input === 'string' && NODE_ID_PATTERN.test(input);

/** Node ids are lower-case by contract (they name Kafka topics and streams); no case folding here. */
export function parseNodeId(input: unknown, field: string): NodeId {
  if (!isNodeId(input)) {
    throw invalid(
      field,
      'must be a node id: lower-case letters, digits and "-", 2 to 63 characters, e.g. vn-hue',
    );
  }
  return input;
}

/** Agreement ids are UUIDs (v7 from the edge); stored lower-case. */
export function parseAgreementId(input: unknown, field: string): string {
  const id = typeof input === 'string' ? input.trim().toLowerCase() : '';
  if (!UUID.test(id)) throw invalid(field, 'must be a UUID');
  return id;
}

export function parseLocalId(input: unknown, field: string): string {
  if (typeof input !== 'string' || !LOCAL_ID.test(input)) {
    throw invalid(
      field,
      'must be 1 to 64 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
    );
  }
  return input;
}

/** SHA-256 digest as 64 hex digits, stored lower-case. */
export function parseSha256(input: unknown, field: string): string {
  const digest = typeof input === 'string' ? input.trim().toLowerCase() : '';
  if (!SHA256.test(digest)) throw invalid(field, 'must be a SHA-256 digest: 64 hexadecimal digits');
  return digest;
}

const AGREEMENT_PREFIX = 'agreement-';
const ENDORSEMENT_PREFIX = 'endorsement-';

/** The stream holding an agreement's own events, written only by its home node. */
export const agreementStreamId = (agreementId: string): string => AGREEMENT_PREFIX + agreementId;

/** The stream a partner node writes about an agreement (countersignature, report, comment). */
export const endorsementStreamId = (agreementId: string, nodeId: NodeId): string =>
  `${ENDORSEMENT_PREFIX}${agreementId}-${nodeId}`;

/** The agreement id of an agreement stream, or undefined for any other stream. */
export function parseAgreementStreamId(streamId: string): string | undefined {
  if (!streamId.startsWith(AGREEMENT_PREFIX)) return undefined;
  const id = streamId.slice(AGREEMENT_PREFIX.length);
  return UUID.test(id) ? id : undefined;
}

/** Agreement and node of an endorsement stream (a UUID is 36 characters, so the split is unambiguous). */
export function parseEndorsementStreamId(
  streamId: string,
): { agreementId: string; nodeId: NodeId } | undefined {
  if (!streamId.startsWith(ENDORSEMENT_PREFIX)) return undefined;
  const rest = streamId.slice(ENDORSEMENT_PREFIX.length);
  const agreementId = rest.slice(0, 36);
  const nodeId = rest.slice(37);
  if (!UUID.test(agreementId) || rest[36] !== '-' || !isNodeId(nodeId)) return undefined;
  return { agreementId, nodeId };
}
