export * from './claims.js';
export * from './jwt.js';
export * from './jwt-actor-resolver.js';
export * from './authentication.guard.js';
export * from './auth.module.js';
export * from './command-access.js';
export * from './fixed-actor.module.js';
