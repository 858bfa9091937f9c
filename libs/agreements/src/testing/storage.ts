import { interimPgliteStorage } from './interim-storage.js';
import type { TestStorage } from './agreements-test-app.js';

/** Storage of the write API's tests: in-memory PGlite (see interim-storage.ts until the store adapters land). */
export const pgliteStorage = (nodeId = 'vn-hue'): Promise<TestStorage> => interimPgliteStorage(nodeId);
