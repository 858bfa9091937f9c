export * from './contract.js';
export * from './replication-contract.js';
