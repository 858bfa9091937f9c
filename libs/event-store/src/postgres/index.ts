export * from './postgres-event-store.js';
export { MIGRATION, migrate } from './migrations.js';
