export * from './problem.js';
export * from './error-to-problem.js';
export * from './problem-details.filter.js';
export * from './validation.js';
export * from './http-types.js';
export * from './configure-http-app.js';
export * from './current-actor.js';
