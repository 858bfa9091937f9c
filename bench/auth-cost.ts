import { generateKeyPairSync } from 'node:crypto';
import { Controller, Get, Module, UseGuards, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import {
  ActorGuard,
  AuthModule,
  configureHttpApp,
  CurrentActor,
  fixedActorModule,
  mintToken,
  type Actor,
} from '@ketnoi/platform';
import { result, type BenchResult } from './result.js';

const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ACTOR: Actor = { subject: 'officer@vn-hue', role: 'officer', node: 'vn-hue' };

/** A `/v1` route that only answers who called: what is left to measure is the authentication. */
@Controller('v1/bench')
@UseGuards(ActorGuard)
class WhoAmIController {
  @Get('whoami')
  whoAmI(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}

/**
 * Cost of authentication per request: the same `/v1` route, same HTTP setup (helmet, CORS,
 * body limit), once behind the hub's JWT authentication (EdDSA token signed with a node key,
 * verified on every request) and once with a fixed caller and no token, in the same run.
 */
export async function run(): Promise<BenchResult[]> {
  const key = generateKeyPairSync('ed25519');
  const token = await mintToken({ role: ACTOR.role, node: ACTOR.node, sub: ACTOR.subject }, key.privateKey);
  const withToken = await serve(
    AuthModule.forNodeKey({
      privateKey: key.privateKey,
      publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    }),
  );
  const withoutToken = await serve(fixedActorModule(ACTOR));
  try {
    await load(withToken.url, { authorization: `Bearer ${token}` }, 2); // warm-up: JIT
    await load(withoutToken.url, {}, 2);
    const authenticated = await load(withToken.url, { authorization: `Bearer ${token}` }, SECONDS);
    const open = await load(withoutToken.url, {}, SECONDS);
    return [
      result(
        'http GET /v1 route with JWT verification, concurrency 16 (vs same route, no token)',
        authenticated.requests.average,
        'requests/s',
        open.requests.average,
      ),
      result(
        'http GET /v1 p50 latency with JWT (vs no token)',
        authenticated.latency.p50,
        'ms',
        open.latency.p50,
      ),
      result(
        'http GET /v1 p99 latency with JWT (vs no token)',
        authenticated.latency.p99,
        'ms',
        open.latency.p99,
      ),
    ];
  } finally {
    await withToken.close();
    await withoutToken.close();
  }
}

async function serve(authentication: DynamicModule): Promise<{ url: string; close(): Promise<void> }> {
  @Module({ imports: [authentication], controllers: [WhoAmIController] })
  class BenchAuthModule {}
  const app = await NestFactory.create(BenchAuthModule as Type, { logger: false });
  configureHttpApp(app);
  await app.listen(0, '127.0.0.1');
  return { url: `${await app.getUrl()}/v1/bench/whoami`, close: () => app.close() };
}

async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<autocannon.Result> {
  const outcome = await autocannon({ url, headers, connections: CONCURRENCY, duration: seconds });
  if (outcome.non2xx > 0 || outcome.errors > 0) {
    throw new Error(`${url}: ${outcome.non2xx} non-2xx responses, ${outcome.errors} errors under load`);
  }
  return outcome;
}
