import { Module, type DynamicModule } from '@nestjs/common';
import { ACTOR_RESOLVER } from '../http/current-actor.js';
import type { Actor } from '../node-context.js';

/**
 * Every caller is `actor`: for tests and tools that compose a module to exercise something other
 * than authentication (the write API's rules, projections). Never part of a served app.
 */
export function fixedActorModule(actor: Actor): DynamicModule {
  @Module({})
  class FixedActorModule {}
  return {
    module: FixedActorModule,
    global: true,
    providers: [{ provide: ACTOR_RESOLVER, useValue: { resolve: () => actor } }],
    exports: [ACTOR_RESOLVER],
  };
}
