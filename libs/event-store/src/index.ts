export * from './port/index.js';
export * from './sql/sql-client.js';
export * from './sql/pg-sql-client.js';
export * from './sql/pglite-sql-client.js';
export * from './hash-chain/index.js';
export * from './postgres/index.js';
export * from './kurrentdb/index.js';
