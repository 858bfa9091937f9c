/**
 * Node ids name Kafka topics and streams, so they are lower-case by contract. Same rule as
 * KETNOI_NODE_ID in @ketnoi/config and `parseNodeId` in @ketnoi/domain.
 */
const NODE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const NODE_ID_RULE = 'lower-case letters, digits and "-", 2 to 63 characters, e.g. vn-hue';

export const isNodeId = (input: unknown): input is string => typeof input === 'string' && NODE_ID.test(input);
