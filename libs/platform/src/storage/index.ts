export * from './open-storage.js';
export * from './storage.module.js';
