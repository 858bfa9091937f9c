export * from './hub.module.js';
export * from './start-hub.js';
export * from './run-hub.js';
