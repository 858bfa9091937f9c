export * from './port/index.js';
export * from './sql/sql-client.js';
