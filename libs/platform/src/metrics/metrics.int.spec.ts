import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, NotFoundException, Param, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Metrics } from './metrics.js';
import { MetricsModule } from './metrics.module.js';

@Controller('v1/things')
class ThingsController {
  constructor(private readonly metrics: Metrics) {}

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException();
    this.metrics.recordCommand('DraftAgreement', 'accepted');
    return { id };
  }
}

@Module({ imports: [MetricsModule], controllers: [ThingsController] })
class AppModule {}

describe('MetricsModule over real HTTP', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await request(app.getHttpServer()).get('/v1/things/a1').expect(200);
    await request(app.getHttpServer()).get('/v1/things/b2').expect(200);
    await request(app.getHttpServer()).get('/v1/things/missing').expect(404);
    await request(app.getHttpServer()).get('/nowhere/42').expect(404);
  });
  afterAll(() => app.close());

  it('given requests, when /metrics is scraped, then it serves Prometheus text', async () => {
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('# TYPE ketnoi_http_request_duration_seconds histogram');
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('labels requests by route template, never by raw URL', async () => {
    const { text } = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(text).toMatch(
      /ketnoi_http_request_duration_seconds_count\{route="\/v1\/things\/:id",method="GET",status="200"\} 2/,
    );
    expect(text).toMatch(
      /ketnoi_http_request_duration_seconds_count\{route="\/v1\/things\/:id",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(
      /ketnoi_http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} 1/,
    );
    expect(text).not.toContain('a1');
  });

  it('counts commands by type and outcome through the injectable Metrics service', async () => {
    const { text } = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(text).toContain('ketnoi_commands_total{type="DraftAgreement",outcome="accepted"} 2');
  });

  it('keeps each app its own registry, so two hubs in one process do not clash', () => {
    const other = new Metrics();
    other.recordCommand('ProposeAgreement', 'rejected');
    expect(app.get(Metrics).registry).not.toBe(other.registry);
  });
});
