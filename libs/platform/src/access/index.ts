export * from './read-access.js';
export * from './node-rights.js';
export * from './as-of.js';
