import { Controller, Get, Module, UseGuards, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ActorGuard,
  CommandLimitModule,
  configureHttpApp,
  CurrentActor,
  NODE_CONTEXT,
  RateLimitedCommand,
  type Actor,
} from '@ketnoi/platform';

/** Far above what autocannon can send in a minute: the bucket is drawn on, never empty. */
const UNREACHABLE_COMMANDS_PER_MINUTE = 1_000_000_000;

/** `/v1` routes that only answer who called: what is left to measure is authentication and the limiter. */
@Controller('v1/bench')
@UseGuards(ActorGuard)
class WhoAmIController {
  @Get('whoami')
  whoAmI(@CurrentActor() actor: Actor): Actor {
    return actor;
  }

  /** The same answer, drawing on the caller's command bucket as every command handler does. */
  @Get('whoami-limited')
  @RateLimitedCommand()
  whoAmILimited(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}

export interface BenchApp {
  /** `/v1/bench/whoami` */
  readonly url: string;
  /** `/v1/bench/whoami-limited` */
  readonly limitedUrl: string;
  close(): Promise<void>;
}

/**
 * One app with the hub's HTTP setup (helmet, token before body, body parser, socket cap) and
 * `authentication` as its ActorResolver, serving `nodeId`.
 */
export async function serveWhoAmI(authentication: DynamicModule, nodeId: string): Promise<BenchApp> {
  @Module({
    providers: [{ provide: NODE_CONTEXT, useValue: { nodeId } }],
    exports: [NODE_CONTEXT],
  })
  class BenchNodeModule {}
  const nodeModule: DynamicModule = { module: BenchNodeModule, global: true };
  @Module({
    imports: [
      nodeModule,
      authentication,
      CommandLimitModule.forRoot({ commandsPerMinute: UNREACHABLE_COMMANDS_PER_MINUTE }),
    ],
    controllers: [WhoAmIController],
  })
  class BenchAuthModule {}
  const app = await NestFactory.create(BenchAuthModule as Type, { logger: false });
  configureHttpApp(app, { swagger: false });
  await app.listen(0, '127.0.0.1');
  const base = `${await app.getUrl()}/v1/bench`;
  return { url: `${base}/whoami`, limitedUrl: `${base}/whoami-limited`, close: () => app.close() };
}
