export * from './agreement/vocabulary.js';
export * from './agreement/events.js';
export * from './agreement/commands.js';
