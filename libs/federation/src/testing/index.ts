export * from './test-broker.js';
export * from './federation-node.js';
