export * from './transport.js';
export * from './kafkajs-transport.js';
export * from './thread-publisher.js';
