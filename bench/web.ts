import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/web/support/browser.js';
import { buildUi, startUiServer } from '../test/web/support/ui-server.js';
import { OUTPUT } from '../test/web/support/paths.js';
import { percentile, result, type BenchResult } from './result.js';

const AGREEMENTS = 1000;
const RUNS = 7;

/**
 * The web UI in headless Chromium: time from navigation to the board showing its first page and
 * all 1,000 agreements, against an empty page loaded from the same server in the same run; and
 * the JavaScript shipped, gzip. The list is answered by a stand-in with the list route's shape
 * and paging (200 per page, `nextCursor`), so the figure is the UI's cost alone; the list
 * query's own latency is the read side's bench.
 */
export async function run(): Promise<BenchResult[]> {
  const uiRoot = join(OUTPUT, 'ui-bench');
  buildUi(uiRoot);
  writeFileSync(join(uiRoot, 'empty.html'), '<!doctype html><title>empty</title>');
  const api = await startStandInApi(boardRows(AGREEMENTS));
  const ui = await startUiServer(uiRoot, api.url);
  const browser = await launchChromium();
  const empty: number[] = [];
  const firstPage: number[] = [];
  const full: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${ui.url}/empty.html`, { waitUntil: 'load' });
      empty.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0]!.duration));
      await page.goto(`${ui.url}/`, { waitUntil: 'commit' });
      // Polled every animation frame: the time is when a frame first had the rows.
      const rowsAt = (n: number) =>
        page
          .waitForFunction(
            (count) =>
              document.querySelectorAll('tr[data-agreement]').length >= count ? performance.now() : 0,
            n,
            {
              polling: 'raf',
              timeout: 60_000,
            },
          )
          .then((handle) => handle.jsonValue() as Promise<number>);
      firstPage.push(await rowsAt(1));
      full.push(await rowsAt(AGREEMENTS));
      await context.close();
    }
  } finally {
    await browser.close();
    await ui.close();
    await api.close();
  }
  const emptyMs = percentile(empty, 50);
  const js = shippedJs(uiRoot);
  return [
    result('web board first rows shown (p50, vs empty page load)', percentile(firstPage, 50), 'ms', emptyMs),
    result(
      `web board all ${AGREEMENTS} agreements shown (p50, vs empty page load)`,
      percentile(full, 50),
      'ms',
      emptyMs,
    ),
    result('web JS loaded by the board, gzip (vs all shipped JS)', js.board, 'KiB', js.all),
  ];
}

/** gzip sizes (KiB) of the JS index.html loads and of every JS file in the build. */
function shippedJs(root: string): { board: number; all: number } {
  const gz = (file: string) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length / 1024;
  const files = readdirSync(join(root, 'assets')).filter((f) => f.endsWith('.js'));
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  // The entry and its static imports (modulepreload); Chart.js is loaded later, on demand.
  const loaded = files.filter((f) => html.includes(`/assets/${f}`));
  const sum = (list: string[]) => list.reduce((total, f) => total + gz(join('assets', f)), 0);
  return { board: sum(loaded), all: sum(files) };
}

type Row = Record<string, unknown>;

/** Rows shaped like the partnership-status list: mixed statuses, Vietnamese titles, two currencies. */
function boardRows(count: number): Row[] {
  const statuses = ['DRAFT', 'PROPOSED', 'SIGNED', 'ACTIVE', 'SUSPENDED', 'COMPLETED'];
  return Array.from({ length: count }, (_, i) => ({
    agreementId: `0192e0a0-0000-7000-8000-${String(i).padStart(12, '0')}`,
    title: `Hợp tác thành phố thông minh Huế – Cần Thơ – Đà Nẵng số ${i + 1}`,
    kind: 'GRANT',
    status: statuses[i % statuses.length],
    programme: 'Vietnam–France decentralised cooperation',
    themes: ['smart-city', 'tourism'],
    parties: [
      { nodeId: 'vn-hue', name: 'Ủy ban nhân dân tỉnh Thừa Thiên Huế', role: 'PROVINCE', country: 'VN' },
      { nodeId: 'org-koica', name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
    ],
    funding: [
      { donor: 'org-koica', currency: 'USD', committed: '13000000', disbursed: '2500000.50' },
      { donor: 'vn-hue', currency: 'VND', committed: '1011800000000', disbursed: '0' },
    ],
    revision: 5,
    lastEvent: { type: 'FundsDisbursed', at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString() },
  }));
}

/** `GET /v1/agreements` paged as the read side pages it, and an idle SSE stream. */
async function startStandInApi(rows: Row[]): Promise<{ url: string; close(): Promise<void> }> {
  const streams = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/v1/agreements') {
      const limit = Math.min(200, Number(url.searchParams.get('limit') ?? 50));
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const items = rows.slice(offset, offset + limit);
      const nextCursor = offset + limit < rows.length ? String(offset + limit) : null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items, nextCursor }));
    } else if (url.pathname === '/v1/events/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': stand-in\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        streams.forEach((res) => res.destroy());
        server.close(() => resolve());
      }),
  };
}
