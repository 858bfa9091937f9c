import { isNodeId, NODE_ID_RULE } from './node-id.js';

const INBOX_PREFIX = 'ketnoi.v1.inbox.';
const SOURCE_PREFIX = 'urn:ketnoi:node:';

/** The only topic a node reads: partners write into it, so ACLs can keep each node to its own. */
export function inboxTopicFor(nodeId: string): string {
  if (!isNodeId(nodeId))
    throw new TypeError(`nodeId must be a node id (${NODE_ID_RULE}), got ${JSON.stringify(nodeId)}`);
  return INBOX_PREFIX + nodeId;
}

/** CloudEvents `source` of every event a node originates. */
export function sourceFor(nodeId: string): string {
  if (!isNodeId(nodeId))
    throw new TypeError(`nodeId must be a node id (${NODE_ID_RULE}), got ${JSON.stringify(nodeId)}`);
  return SOURCE_PREFIX + nodeId;
}

/** The node id in a `urn:ketnoi:node:<nodeId>` source, or undefined when the source is not one. */
export function nodeIdFromSource(source: string): string | undefined {
  if (!source.startsWith(SOURCE_PREFIX)) return undefined;
  const nodeId = source.slice(SOURCE_PREFIX.length);
  return isNodeId(nodeId) ? nodeId : undefined;
}
