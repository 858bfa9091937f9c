export * from './portfolio.js';
export * from './canonical.js';
export * from './kit.js';
export * from './iati-test-app.js';
