export * from './agreements.module.js';
export * from './commands/index.js';
export * from './pipeline/handle-agreement-command.js';
export * from './pipeline/execute-agreement-command.js';
export * from './pipeline/command-dispatcher.js';
export * from './queries/read-agreement.js';
export * from './grpc/attach-grpc.js';
export { configureHttpApp } from '@ketnoi/platform';
