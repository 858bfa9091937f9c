export * from './postgres-event-store.js';
export { EVENT_STORE_MIGRATIONS, migrate } from './migrations.js';
