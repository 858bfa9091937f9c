import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  act,
  draftThroughForm,
  HUE_PARTY,
  HUE_TITLE,
  KOICA_PARTY,
  openForm,
  statusIs,
} from './support/agreement-form.js';
import { screenshotPath, startWebSession, type WebSession } from './support/web-session.js';

// An officer in a real Chromium against a real hub process: the write side and the agreement
// page, which read the agreement straight from its stream (no projection needed).
describe('web UI: draft and take an agreement through its lifecycle', () => {
  let session: WebSession;
  let agreementId: string;

  beforeAll(async () => {
    session = await startWebSession('lifecycle');
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  const apiGet = (path: string) => session.get(path);

  it('given the draft form, when an officer drafts in Vietnamese, then the text is recorded exactly', async () => {
    const { page, ui } = session;
    agreementId = await draftThroughForm(page, ui.url);
    await page.waitForSelector(statusIs('DRAFT'));
    expect(await page.textContent('h1')).toBe(HUE_TITLE);
    const recorded = await apiGet(`/v1/agreements/${agreementId}`);
    expect(recorded.title).toBe(HUE_TITLE);
    expect((recorded.parties as Array<{ name: string }>).map((p) => p.name)).toEqual([
      HUE_PARTY,
      KOICA_PARTY,
    ]);
    expect(recorded.themes).toEqual(['smart-city', 'tourism']);
  });

  it('given a bad currency, when funding is committed, then the error shows next to the currency field', async () => {
    const { page } = session;
    const form = 'form[data-action=commitFunding]';
    await openForm(page, 'commitFunding');
    await page.fill(`${form} input[name=amount]`, '13000000');
    await page.fill(`${form} input[name=currency]`, 'ĐỒNG');
    await page.click(`${form} button[type=submit]`);
    const error = page.locator(`${form} [data-field=currency] [data-error-for=currency]`);
    await error.waitFor();
    expect(await error.textContent()).toMatch(/ISO 4217/);
    expect(await page.locator(`${form} [data-field=amount] .field-error`).count()).toBe(0);
    expect(await page.getAttribute(`${form} [data-field=currency]`, 'class')).toContain('invalid');
    expect(((await apiGet(`/v1/agreements/${agreementId}`)).funding as unknown[]).length).toBe(0);
  });

  it('given a good currency, then the commitment shows in Vietnamese money format', async () => {
    const { page } = session;
    const form = 'form[data-action=commitFunding]';
    await page.fill(`${form} input[name=amount]`, '13000000');
    await page.fill(`${form} input[name=currency]`, 'USD');
    await page.selectOption(`${form} select[name=donor]`, 'org-koica');
    await page.click(`${form} button[type=submit]`);
    const cell = page.locator('table.funding td.money').first();
    await cell.waitFor();
    expect((await cell.textContent())!.replace(/\u00a0/g, ' ')).toBe('13.000.000,00 US$');
  });

  it('when the officer proposes, countersigns for both parties and activates, then the page shows each status', async () => {
    const { page } = session;
    await act(page, 'propose', statusIs('PROPOSED'));
    await page.selectOption('form[data-action=countersign] select[name=party]', 'vn-hue');
    await act(page, 'countersign', '[data-party=vn-hue][data-countersigned=true]');
    // KOICA runs no node here: its countersignature is recorded by an admin of the home node,
    // and the officer is not offered to do it.
    expect(await page.locator('form[data-action=countersign]').count()).toBe(0);
    await session.signIn(await session.token('admin', 'vn-hue', 'admin@vn-hue'));
    await page.goto(`${session.ui.url}/agreements/${agreementId}`);
    await page.selectOption('form[data-action=countersign] select[name=party]', 'org-koica');
    await act(page, 'countersign', statusIs('SIGNED'));
    expect(await page.locator('form[data-action=propose]').count()).toBe(0);
    await act(page, 'activate', statusIs('ACTIVE'));
    expect(await page.locator('form[data-action=activate]').count()).toBe(0);
    expect(await page.locator('form[data-action=suspend]').count()).toBe(1);
    const events = await page
      .locator('.timeline tr[data-event]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')));
    expect(events).toEqual([
      'AgreementDrafted',
      'FundingCommitted',
      'AgreementProposed',
      'AgreementCountersigned',
      'AgreementCountersigned',
      'AgreementSigned',
      'AgreementActivated',
    ]);
    // One snapshot of the rows: a live update may re-render the timeline between two lookups.
    const rows = await page
      .locator('.timeline tr[data-event]')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-event'), tr.textContent ?? ''] as const));
    const actorOf = (type: string) => rows.find(([event]) => event === type)?.[1];
    expect(actorOf('AgreementDrafted')).toContain('officer@vn-hue');
    expect(actorOf('AgreementActivated')).toContain('admin@vn-hue');
    expect((await apiGet(`/v1/agreements/${agreementId}`)).status).toBe('ACTIVE');
    await page.screenshot({ path: screenshotPath('agreement-page'), fullPage: true });
  });

  it('given someone else changed the agreement, when a form is sent, then the stale revision is explained and the page refreshed', async () => {
    const { page } = session;
    const elsewhere = await session.post(`/v1/agreements/${agreementId}/notes`, {
      text: 'Ghi chú từ một cán bộ khác',
    });
    expect(elsewhere.status).toBe(200);
    await openForm(page, 'recordNote');
    await page.fill('form[data-action=recordNote] textarea[name=text]', 'Ghi chú của tôi');
    await page.click('form[data-action=recordNote] button[type=submit]');
    const notice = page.locator('.notice.stale');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/phiên bản 7/);
    await page.waitForSelector('.timeline tr[data-event=NoteRecorded]');
    expect(await page.locator('.timeline tr[data-event=NoteRecorded]').count()).toBe(1);
  });

  it('when the language is switched to English, then money and statuses follow the locale', async () => {
    const { page } = session;
    await page.click('button[data-lang=en]');
    await page.waitForSelector('html[lang=en]');
    const cell = page.locator('table.funding td.money').first();
    await cell.waitFor();
    expect(await cell.textContent()).toBe('13,000,000.00 USD');
    expect(await page.textContent('[data-testid=agreement-status]')).toBe('Active');
    await page.click('button[data-lang=vi]');
    expect(await page.textContent('[data-testid=agreement-status]')).toBe('Đang thực hiện');
  });

  it('given a deep link, when the page is reloaded, then the same agreement shows (served by the SPA fallback)', async () => {
    const { page } = session;
    await page.reload();
    await page.waitForSelector(statusIs('ACTIVE'));
    expect(await page.textContent('h1')).toBe(HUE_TITLE);
  });
});

// Tokens are signed with the node's own key (docs/design.md: `ketnoi token` signs with it), so they
// keep working once the hub verifies bearer tokens.
describe('web UI: sign-in with a bearer token and what each role is offered', () => {
  let session: WebSession;
  let agreementId: string;

  beforeAll(async () => {
    session = await startWebSession('roles');
    const drafted = await session.post('/v1/agreements', {
      title: 'Cần Thơ – FNF: giải pháp kỹ thuật thành phố thông minh',
      kind: 'MOU',
      parties: [
        { nodeId: 'vn-hue', name: 'Thừa Thiên Huế', role: 'PROVINCE', country: 'VN' },
        { nodeId: 'org-fnf', name: 'Friedrich Naumann Foundation', role: 'NGO', country: 'DE' },
      ],
    });
    agreementId = String(drafted.body.agreementId);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  const token = (role: 'auditor' | 'partner', node: string, sub: string) => session.token(role, node, sub);
  const signIn = (value: string) => session.signIn(value);

  it('given something that is not a token, then the sign-in field says so', async () => {
    const { page, ui } = session;
    await page.goto(`${ui.url}/signin`);
    await page.fill('textarea[name=token]', 'mật khẩu');
    await page.click('form.signin button[type=submit]');
    await page.waitForSelector('[data-error-for=token]');
  });

  it('given an auditor, then no draft link and no command forms are offered', async () => {
    const { page, ui } = session;
    await signIn(await token('auditor', 'vn-hue', 'thanh.tra'));
    expect(await page.textContent('header .who')).toContain('thanh.tra');
    expect(await page.locator('[data-testid=nav-new]').count()).toBe(0);
    await page.goto(`${ui.url}/agreements/${agreementId}`);
    await page.waitForSelector(statusIs('DRAFT'));
    expect(await page.locator('form[data-action]').count()).toBe(0);
  });

  it('given a partner on a proposed agreement, then it may countersign only for its own node', async () => {
    const { page, ui } = session;
    expect((await session.post(`/v1/agreements/${agreementId}/propose`, {})).status).toBe(200);
    await signIn(await token('partner', 'org-fnf', 'fnf.officer'));
    await page.goto(`${ui.url}/agreements/${agreementId}`);
    await page.waitForSelector(statusIs('PROPOSED'));
    const offered = await page
      .locator('form[data-action]')
      .evaluateAll((forms) => forms.map((f) => f.getAttribute('data-action')));
    expect(offered.sort()).toEqual(['countersign', 'recordNote']);
    const parties = await page
      .locator('form[data-action=countersign] select[name=party] option')
      .evaluateAll((options) => options.map((o) => o.textContent));
    expect(parties).toEqual(['org-fnf']);
  });
});
