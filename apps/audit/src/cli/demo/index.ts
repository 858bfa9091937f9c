export * from './demo-agreement.js';
export * from './demo-data-set.js';
export * from './demo-plan.js';
export * from './load-demo.js';
