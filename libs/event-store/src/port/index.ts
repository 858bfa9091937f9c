export * from './events.js';
export * from './event-store.js';
export * from './errors.js';
export * from './replication.js';
export * from './position.js';
