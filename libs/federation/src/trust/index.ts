export * from './trust-registry.js';
