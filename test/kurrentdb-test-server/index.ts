export * from './kurrentdb-test-server.js';
