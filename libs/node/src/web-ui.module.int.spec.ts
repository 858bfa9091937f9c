import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { WebUiModule } from './web-ui.module.js';

@Controller()
class ApiStandIn {
  @Get('v1/agreements') list() {
    return { items: [] };
  }
  @Get('health/live') live() {
    return { status: 'ok' };
  }
  @Get('metrics') metrics() {
    return 'metrics';
  }
  @Get('docs-json') docs() {
    return { openapi: '3.0.0' };
  }
}

describe('WebUiModule serving the built UI beside the API', () => {
  let app: INestApplication;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ketnoi-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Kết nối</title><div id="app"></div>');
    await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    // NestFactory, not Test.createTestingModule: serve-static picks its loader from the HTTP
    // adapter while the module is compiled, and a testing module has none at that point.
    @Module({ imports: [WebUiModule.forRoot({ root })], controllers: [ApiStandIn] })
    class AppWithUi {}
    app = await NestFactory.create(AppWithUi, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('given the UI, when / is asked, then index.html is served and not cached', async () => {
    const response = await request(app.getHttpServer()).get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('Kết nối');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('given a UI route, when it is reloaded, then index.html answers (SPA fallback)', async () => {
    const response = await request(app.getHttpServer())
      .get('/agreements/0192e0a0-0000-7000-8000-000000000000?asOf=2024-01-01')
      .expect(200);
    expect(response.text).toContain('<div id="app">');
  });

  it('given a hashed asset, then it is served with a long cache', async () => {
    const response = await request(app.getHttpServer()).get('/assets/index-abc.js').expect(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it.each(['/v1/agreements', '/health/live', '/metrics', '/docs-json'])(
    'given the API route %s, then the API answers, not the UI',
    async (path) => {
      const response = await request(app.getHttpServer()).get(path).expect(200);
      expect(response.text).not.toContain('<div id="app">');
    },
  );

  it('given an unknown /v1 route, then it is a 404 from the API, not index.html', async () => {
    const response = await request(app.getHttpServer()).get('/v1/no-such-route').expect(404);
    expect(response.text).not.toContain('<div id="app">');
  });
});
