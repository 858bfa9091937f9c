export * from './port/index.js';
export * from './sql/sql-client.js';
export * from './sql/pg-sql-client.js';
export * from './sql/pglite-sql-client.js';
export * from './sql/exclusive-ddl.js';
export * from './sql/migrations.js';
export * from './hash-chain/index.js';
export * from './postgres/index.js';
// The KurrentDB adapter is `@ketnoi/event-store/kurrentdb`: loaded only by nodes that use it.
