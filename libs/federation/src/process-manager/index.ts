export * from './endorsement-command.js';
export * from './partner-flow.js';
export * from './partner-flow.module.js';
