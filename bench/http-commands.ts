import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { loadConfig } from '@ketnoi/config';
import { loadNodeIdentity } from '@ketnoi/federation/keys';
import { configureHttpApp, mintToken, openStorage } from '@ketnoi/platform';
import { HubModule } from '../apps/hub/src/hub.module.js';
import { result, type BenchResult } from './result.js';

const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const draft = {
  title: 'Huế smart culture and tourism city',
  kind: 'GRANT',
  programme: 'KOICA Vietnam country programme',
  themes: ['smart-city', 'tourism'],
  parties: [
    { nodeId: 'vn-hue', name: "Thừa Thiên Huế Provincial People's Committee", role: 'CITY', country: 'VN' },
    { nodeId: 'org-koica', name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
  ],
  startDate: '2021-01-01',
  endDate: '2025-12-31',
};

/** The framework's ceiling: a route that parses the same body and does nothing with it. */
@Controller('bench')
class EmptyController {
  @Post('empty')
  @HttpCode(201)
  empty(@Body() _body: unknown): Record<string, never> {
    return {};
  }
}

let authorization = '';

/** HTTP command round trip on the embedded hub (PGlite) at concurrency 16, vs an empty route. */
export async function run(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ketnoi-bench-http-'));
  // No rate limit in the way of the measurement.
  const config = loadConfig({ PORT: '0', GRPC_PORT: '0', KETNOI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KETNOI_COMMAND_RATE_LIMIT: '100000000' });
  const identity = await loadNodeIdentity(config.nodeId, config.dataDir);
  const storage = await openStorage(config, { signer: identity.signer });
  authorization = `Bearer ${await mintToken({ role: 'officer', node: config.nodeId }, identity.key.privateKey)}`;
  @Module({ imports: [HubModule.forRoot(config, { storage, nodeKey: identity.key })], controllers: [EmptyController] })
  class BenchHubModule {}
  const app = await NestFactory.create(BenchHubModule, { logger: false });
  configureHttpApp(app);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  try {
    const body = JSON.stringify(draft);
    await load(`${url}/v1/agreements`, body, 2); // warm-up: JIT, PGlite caches
    const commands = await load(`${url}/v1/agreements`, body, SECONDS);
    const empty = await load(`${url}/bench/empty`, body, SECONDS);
    return [
      result('http draft agreement, concurrency 16 (vs empty route)', commands.requests.average, 'commands/s', empty.requests.average),
      result('http draft agreement p50 latency (vs empty route)', commands.latency.p50, 'ms', empty.latency.p50),
      result('http draft agreement p99 latency (vs empty route)', commands.latency.p99, 'ms', empty.latency.p99),
    ];
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function load(url: string, body: string, seconds: number): Promise<autocannon.Result> {
  const outcome = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', authorization },
    connections: CONCURRENCY,
    duration: seconds,
  });
  if (outcome.non2xx > 0 || outcome.errors > 0) {
    throw new Error(`${url}: ${outcome.non2xx} non-2xx responses, ${outcome.errors} errors under load`);
  }
  return outcome;
}
