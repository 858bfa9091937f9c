import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { draftThroughForm, statusIs } from './support/agreement-form.js';
import { screenshotPath, startWebSession, type WebSession } from './support/web-session.js';

// The views that read the projections (issue 3) and the audit routes (issue 5): the board with
// its live stream and Vietnamese search, the agreement as of a moment, and the auditor view.
describe('web UI on the read side: board, as-of and auditor view', () => {
  let session: WebSession;
  let agreementId: string;

  const post = async (path: string, body: object, as: 'officer' | 'admin' = 'officer') => {
    expect((await session.post(`/v1/agreements${path}`, body, as)).status).toBeLessThan(300);
  };

  beforeAll(async () => {
    session = await startWebSession('read-side');
    agreementId = await draftThroughForm(session.page, session.ui.url);
    await post(`/${agreementId}/funding`, { amount: '13000000', currency: 'USD', donor: 'org-koica' });
    await post(`/${agreementId}/propose`, {});
    await post(`/${agreementId}/countersign`, { party: 'vn-hue' });
    // KOICA runs no node here: an admin records its countersignature.
    await post(`/${agreementId}/countersign`, { party: 'org-koica' }, 'admin');
    await post(`/${agreementId}/activate`, {});
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('given the activated agreement, then the board lists it as active with its counts', async () => {
    const { page, ui } = session;
    await page.goto(`${ui.url}/`);
    await page.waitForSelector(`tr[data-agreement="${agreementId}"][data-status=ACTIVE]`);
    expect(await page.textContent('.counts li[data-status=ACTIVE] .count')).toBe('1');
    expect(
      (await page.textContent(`tr[data-agreement="${agreementId}"] td.money`))!.replace(/\u00a0/g, ' '),
    ).toBe('13.000.000,00 US$');
  });

  it('when "thanh pho hue" is searched without accents, then the Vietnamese title is found', async () => {
    const { page } = session;
    await page.fill('input[name=q]', 'thanh pho hue');
    await page.waitForSelector(`tr[data-agreement="${agreementId}"]`);
    await page.fill('input[name=q]', 'Hai Phong');
    await page.waitForSelector('.empty');
    await page.fill('input[name=q]', '');
    await page.waitForSelector(`tr[data-agreement="${agreementId}"]`);
    await page.screenshot({ path: screenshotPath('board'), fullPage: true });
  });

  it('given the board open, when another agreement is drafted elsewhere, then it appears without a reload', async () => {
    const { page } = session;
    await page.waitForSelector('[data-live=true]');
    await post('', {
      title: 'Đà Nẵng – Nevers: thành phố thông minh và chuyển đổi số',
      kind: 'TWINNING',
      parties: [
        { nodeId: 'vn-hue', name: 'Thừa Thiên Huế', role: 'PROVINCE', country: 'VN' },
        { nodeId: 'fr-nevers', name: 'Ville de Nevers', role: 'CITY', country: 'FR' },
      ],
    });
    await page.waitForSelector('tr[data-status=DRAFT]');
    expect(await page.locator('tr[data-agreement]').count()).toBe(2);
  });

  it('when the auditor sets the board to a moment before the proposal, then the agreement shows as DRAFT there', async () => {
    const { page, ui } = session;
    const { events } = (await session.get(`/v1/agreements/${agreementId}/history`)) as unknown as {
      events: Array<{ type: string; metadata: { recordedAt: string } }>;
    };
    // As-of answers by the time this node recorded an event (what it knew then).
    const drafted = events.find((e) => e.type === 'AgreementDrafted')!.metadata.recordedAt;
    await session.signIn(await session.token('auditor', 'vn-hue', 'thanh.tra@vn-hue'));
    await page.goto(`${ui.url}/audit?asOf=${encodeURIComponent(drafted)}`);
    await page.fill('input[name=node]', 'vn-hue');
    await page.press('input[name=node]', 'Tab');
    await page.waitForSelector(`tr[data-agreement="${agreementId}"][data-status=DRAFT]`);
    expect(await page.locator('tr[data-agreement]').count()).toBe(1); // the second one did not exist yet
    await page.screenshot({ path: screenshotPath('auditor-view'), fullPage: true });
    await page.goto(`${ui.url}/audit`);
    await page.waitForSelector(`tr[data-agreement="${agreementId}"][data-status=ACTIVE]`);
  });

  it('when the auditor runs audit verify, then the view says every link holds', async () => {
    const { page, ui } = session;
    await session.signIn(await session.token('auditor', 'vn-hue', 'thanh.tra@vn-hue'));
    await page.goto(`${ui.url}/audit`);
    await page.click('[data-testid=verify]');
    await page.waitForSelector('[data-verify=ok]');
  });

  it('when the auditor moves the slider to the first event, then the agreement shows as DRAFT', async () => {
    const { page, ui } = session;
    await page.goto(`${ui.url}/agreements/${agreementId}`);
    await page.waitForSelector(statusIs('ACTIVE'));
    await page.locator('input[name=asOfEvent]').fill('0');
    await page.waitForSelector(statusIs('DRAFT'));
    expect(new URL(page.url()).searchParams.get('asOf')).not.toBeNull();
    expect(await page.locator('.actions').count()).toBe(0);
    await page.locator('input[name=asOfEvent]').fill('2');
    await page.waitForSelector(statusIs('PROPOSED'));
  });

  it('given the city and the donor, then their portfolios show totals per currency, statuses and a chart', async () => {
    const { page, ui } = session;
    await page.goto(`${ui.url}/portfolio/vn-hue`);
    const usd = page.locator('tr[data-currency=USD] td.money').first();
    await usd.waitFor();
    expect((await usd.textContent())!.replace(/\u00a0/g, ' ')).toBe('13.000.000,00 US$');
    expect(await page.textContent('.counts li[data-status=ACTIVE] .count')).toBe('1');
    await page.waitForSelector('figure.chart canvas');
    await page.screenshot({ path: screenshotPath('portfolio'), fullPage: true });
    await page.goto(`${ui.url}/donors/org-koica`);
    await page.waitForSelector('tr[data-currency=USD]');
    expect(await page.textContent('.counts li[data-status=ACTIVE] .count')).toBe('1');
  });
});
