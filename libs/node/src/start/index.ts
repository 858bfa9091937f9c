// What a process needs to start a node or one of its services, without loading Nest first
// (`@ketnoi/node/start`): the start loads the modules while PGlite opens.
export * from './node-services.js';
export * from './start-node.js';
export * from './run-node.js';
