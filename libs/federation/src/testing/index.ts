export * from './test-broker.js';
