export * from './admission.js';
export * from './hash-of.js';
export * from './inbound.js';
export * from './parked-events.js';
