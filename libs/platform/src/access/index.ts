export * from './read-access.js';
