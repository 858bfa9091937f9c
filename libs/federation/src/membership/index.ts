export * from './party-nodes.js';
export * from './streams.js';
export * from './agreement-membership.js';
