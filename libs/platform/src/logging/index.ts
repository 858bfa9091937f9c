export * from './request-id.js';
export * from './json-logger.js';
export * from './logging.module.js';
