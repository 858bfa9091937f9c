export * from './node-context.js';
