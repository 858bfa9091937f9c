export * from './verify/verify-log.js';
export * from './verify/origin-keys.js';
export * from './replay/replay-stream.js';
export * from './export/export-trail.js';
export * from './audit.module.js';
