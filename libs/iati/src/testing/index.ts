export * from './portfolio.js';
export * from './canonical.js';
export * from './kit.js';
