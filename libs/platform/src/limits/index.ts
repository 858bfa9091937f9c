export * from './command-limiter.js';
export * from './command-rate-limit.guard.js';
export * from './authenticate-before-body.js';
export * from './server-limits.js';
