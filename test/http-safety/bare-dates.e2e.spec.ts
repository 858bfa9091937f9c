import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHubInProcess, type HubInProcess } from '../support/hub-in-process.js';

// Issue 18, "bare dates mean whole days everywhere": a date without a time was read as its first
// instant, so `from=D&to=D` found nothing and "as of D" missed what was recorded that day.
describe('bare dates on the REST API', () => {
  let node: HubInProcess;
  let agreementId: string;
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

  const get = async (path: string, role: 'auditor' | 'officer' = 'auditor') => {
    const res = await fetch(`${node.hub.url}${path}`, { headers: { authorization: await node.authorization(role) } });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    node = await startHubInProcess('bare-dates');
    const party = (nodeId: string, name: string) => ({ nodeId, name, role: 'CITY', country: 'VN' });
    const created = await fetch(`${node.hub.url}/v1/agreements`, {
      method: 'POST',
      headers: { authorization: await node.authorization('officer'), 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Hợp tác Huế',
        kind: 'TWINNING',
        parties: [party('vn-hue', 'Thừa Thiên Huế'), party('fr-nevers', 'Nevers')],
      }),
    });
    expect(created.status).toBe(201);
    agreementId = ((await created.json()) as { agreementId: string }).agreementId;
  }, 120_000);
  afterAll(async () => {
    await node?.close();
  });

  it('given a draft recorded today, when the audit trail is exported from today to today, then it is in it', async () => {
    const trail = await get(`/v1/audit/export?from=${today}&to=${today}`);
    expect(trail.status).toBe(200);
    expect(trail.text).toContain(agreementId);
  });

  it('given a draft recorded today, when the trail of yesterday is exported, then it is not', async () => {
    const trail = await get(`/v1/audit/export?from=${yesterday}&to=${yesterday}`);
    expect(trail.status).toBe(200);
    expect(trail.text).not.toContain(agreementId);
  });

  it('given a draft recorded today, when replayed as of today, then it is the draft', async () => {
    const replay = await get(`/v1/audit/replay?stream=agreement-${agreementId}&asOf=${today}`);
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.text)).toMatchObject({ state: { status: 'DRAFT' } });
  });

  it('given a draft recorded today, when the portfolio is read as of today and as of yesterday, then only today’s has it', async () => {
    const counted = async (day: string) => {
      const res = await get(`/v1/portfolio/vn-hue?asOf=${day}`, 'officer');
      expect(res.status).toBe(200);
      return (JSON.parse(res.text) as { agreements: number }).agreements;
    };
    expect(await counted(today)).toBe(1);
    expect(await counted(yesterday)).toBe(0);
  });

  it('given an instant without a zone, when exporting, then 400 naming from', async () => {
    const res = await get(`/v1/audit/export?from=${today}T10:00:00`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors.map((e: { field: string }) => e.field)).toContain('from');
  });
});
