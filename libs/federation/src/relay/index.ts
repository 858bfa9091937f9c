export * from './recipients.js';
export * from './relay.js';
