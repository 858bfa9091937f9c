import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pgliteStorage } from '../../../agreements/src/testing/storage.js';
import type { TestStorage } from '../../../agreements/src/testing/agreements-test-app.js';
import { appendAgreement, DA_NANG_NEVERS, funding, HUE_KOICA } from '../testing/agreement-events.js';
import { startProjectionsTestApp, type ProjectionsTestApp } from '../testing/projections-test-app.js';

interface SseEvent {
  id: string;
  event: string;
  data: { position: string; type: string; agreementId: string };
}

/** Reads `count` events from `GET /v1/events/stream` over a real socket, then hangs up. */
async function readStream(
  url: string,
  count: number,
  headers: Record<string, string> = {},
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const response = await fetch(`${url}/v1/events/stream`, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string | undefined> = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => !l.startsWith(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
        );
        if (fields.id)
          events.push({ id: fields.id, event: fields.event ?? '', data: JSON.parse(fields.data ?? 'null') });
      }
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('GET /v1/events/stream (Server-Sent Events over real HTTP)', () => {
  let storage: TestStorage;
  let app: ProjectionsTestApp;

  beforeAll(async () => {
    storage = await pgliteStorage('vn-hue');
    app = await startProjectionsTestApp(storage);
  });
  afterAll(async () => {
    await app?.close();
    await storage?.store.close();
    await storage?.sql.close();
  });

  it('given Last-Event-ID, then it replays what came after it, then live changes follow, scope-filtered', async () => {
    const hue = await appendAgreement(storage.store, HUE_KOICA, [funding('org-koica', '1', 'USD')]); // 1, 2
    const daNang = await appendAgreement(storage.store, DA_NANG_NEVERS); // 3
    expect(await app.host.runner('activity').waitFor(3n, 5000)).toBe(true);

    const resumed = readStream(app.url, 3, { 'last-event-id': '1' });
    const partner = readStream(app.url, 2, { 'last-event-id': '0', 'x-test-actor': 'partner@fr-nevers' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = await appendAgreement(storage.store, DA_NANG_NEVERS); // 4, live

    const events = await resumed;
    expect(events.map((e) => e.id)).toEqual(['2', '3', '4']);
    expect(events[0]).toMatchObject({
      event: 'FundingCommitted',
      data: { agreementId: hue.agreementId, position: '2' },
    });
    expect(events[2]!.data.agreementId).toBe(later.agreementId);

    const seen = await partner;
    expect(seen.map((e) => [e.id, e.data.agreementId])).toEqual([
      ['3', daNang.agreementId],
      ['4', later.agreementId],
    ]);
  });

  it('given a malformed Last-Event-ID, then 400 names the header', async () => {
    const response = await fetch(`${app.url}/v1/events/stream`, { headers: { 'last-event-id': 'abc' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe(
      'Last-Event-ID',
    );
  });
});
