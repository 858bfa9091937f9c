export * from './kurrentdb-event-store.js';
export * from './connection.js';
export * from './sql-checkpoint-store.js';
