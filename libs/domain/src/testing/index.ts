export * from './specification.js';
export * from './fixtures.js';
export * from './invariants.js';
