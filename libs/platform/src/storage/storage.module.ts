import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { EVENT_STORE, SQL_CLIENT } from '@ketnoi/event-store';
import { NODE_CONTEXT, type NodeContext } from '../node-context.js';
import { EventLogMetrics } from './event-log-metrics.js';
import { openStorage, type OpenStorage, type StorageConfig } from './open-storage.js';

const OPEN_STORAGE = Symbol('OPEN_STORAGE');

/**
 * Closes the store in the last shutdown phase: modules that read or write it (subscriptions,
 * relays) stop in `onModuleDestroy` / `beforeApplicationShutdown`, which Nest runs first.
 */
@Injectable()
class StorageCloser implements OnApplicationShutdown {
  constructor(@Inject(OPEN_STORAGE) private readonly storage: OpenStorage) {}
  onApplicationShutdown(): Promise<void> {
    return this.storage.close();
  }
}

/**
 * The node's storage for every module: SQL_CLIENT, EVENT_STORE and NODE_CONTEXT, opened once at
 * start (PGlite under `<dataDir>/pglite`, or the PostgreSQL server of DATABASE_URL) and closed
 * on shutdown. Global: import it once, in the app module.
 */
@Module({})
export class StorageModule {
  static forRoot(config: StorageConfig): DynamicModule {
    return StorageModule.build(config.nodeId, {
      provide: OPEN_STORAGE,
      useFactory: () => openStorage(config),
    });
  }

  /**
   * Hands already opened storage to the app, which closes it on shutdown. `startHub` opens
   * storage before creating the app so that a storage failure is one clear line, not a Nest
   * bootstrap stack trace.
   */
  static forOpenStorage(storage: OpenStorage, nodeId: string): DynamicModule {
    return StorageModule.build(nodeId, { provide: OPEN_STORAGE, useValue: storage });
  }

  private static build(nodeId: string, openStorageProvider: Provider): DynamicModule {
    const nodeContext: NodeContext = Object.freeze({ nodeId });
    return {
      module: StorageModule,
      global: true,
      providers: [
        openStorageProvider,
        { provide: SQL_CLIENT, useFactory: (storage: OpenStorage) => storage.sql, inject: [OPEN_STORAGE] },
        { provide: EVENT_STORE, useFactory: (storage: OpenStorage) => storage.store, inject: [OPEN_STORAGE] },
        { provide: NODE_CONTEXT, useValue: nodeContext },
        StorageCloser,
        EventLogMetrics,
      ],
      exports: [SQL_CLIENT, EVENT_STORE, NODE_CONTEXT],
    };
  }
}
