export * from './transport.js';
export * from './kafkajs-transport.js';
