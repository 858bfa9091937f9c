export * from './start/index.js';
export * from './node.module.js';
export * from './node-directory.js';
export * from './web-ui.module.js';
