export * from './verify-replicated-event.js';
