export * from './node-id.js';
export * from './topics.js';
export * from './keys/index.js';
export * from './trust/index.js';
export * from './cloudevents/index.js';
export * from './verify/index.js';
