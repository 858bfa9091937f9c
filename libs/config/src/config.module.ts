import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { KetnoiConfig } from './ketnoi-config.js';

/** Inject the validated configuration with `@Inject(KETNOI_CONFIG)`; never read `process.env` in a module. */
export const KETNOI_CONFIG = Symbol('KETNOI_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: KetnoiConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: KETNOI_CONFIG, useValue: config }],
      exports: [KETNOI_CONFIG],
    };
  }
}
