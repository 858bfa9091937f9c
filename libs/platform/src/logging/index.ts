export * from './request-id.js';
export * from './logging.module.js';
