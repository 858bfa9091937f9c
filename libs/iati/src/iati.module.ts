import { Module, type DynamicModule } from '@nestjs/common';
import { AgreementCommandsModule } from '@ketnoi/agreements';
import { ActorGuard } from '@ketnoi/platform';
import { IatiExportController } from './http/iati-export.controller.js';
import { IatiImportController } from './http/iati-import.controller.js';
import { IATI_OPTIONS, type IatiModuleOptions } from './http/iati-options.js';

/**
 * IATI 2.03: `GET /v1/export/iati` and `POST /v1/import/iati`. The importing app provides
 * EVENT_STORE, NODE_CONTEXT and ACTOR_RESOLVER as global providers (the hub's storage module
 * and authentication do), and the publisher reference from its configuration.
 */
@Module({})
export class IatiModule {
  static forRoot(options: IatiModuleOptions): DynamicModule {
    return {
      module: IatiModule,
      // Imports draft through the node's command handler, as REST and gRPC do.
      imports: [AgreementCommandsModule],
      controllers: [IatiExportController, IatiImportController],
      providers: [{ provide: IATI_OPTIONS, useValue: options }, ActorGuard],
    };
  }
}
