import { execFileSync } from 'node:child_process';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WebUiModule } from '@ketnoi/node';
import { repoRoot } from './paths.js';

/**
 * Builds the UI with the project's Vite config into `outDir`. The tests use their own folder,
 * not dist/web, because any `nest build` on the machine empties dist/.
 */
export function buildUi(outDir: string): void {
  execFileSync(
    'npx',
    ['vite', 'build', 'apps/web', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: repoRoot(),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

export interface UiServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The UI as the hub serves it (WebUiModule, same options) with /v1 forwarded to a hub process.
 * Until the hub imports WebUiModule itself the browser tests need this front; it forwards bytes
 * unchanged (headers, status, SSE streaming), so what the browser sees is what the hub says.
 */
export async function startUiServer(uiRoot: string, hubUrl: string): Promise<UiServer> {
  @Module({ imports: [WebUiModule.forRoot({ root: uiRoot })] })
  class UiFront {}
  const app: INestApplication = await NestFactory.create(UiFront, { logger: false, bodyParser: false });
  app.use((req: IncomingMessage & { originalUrl: string }, res: ServerResponse, next: () => void) => {
    if (!/^\/v1(\/|\?|$)/.test(req.originalUrl)) return next();
    const upstream = httpRequest(
      hubUrl + req.originalUrl,
      { method: req.method, headers: { ...req.headers, host: new URL(hubUrl).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`hub unreachable: ${error.message}`);
    });
    // The browser went away (e.g. an SSE stream closed): stop the upstream request too.
    res.on('close', () => !res.writableFinished && upstream.destroy());
    req.pipe(upstream);
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
