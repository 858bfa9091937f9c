export * from './config-error.js';
export * from './ketnoi-config.js';
export * from './load-config.js';
export * from './config.module.js';
