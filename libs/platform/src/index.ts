export * from './node-context.js';
export * from './http/index.js';
export * from './metrics/index.js';
export * from './health/index.js';
export * from './logging/index.js';
export * from './storage/index.js';
export * from './access/index.js';
export * from './auth/index.js';
