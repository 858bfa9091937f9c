export * from './message-record.js';
export * from './quarantine-store.js';
