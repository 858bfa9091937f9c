import type { Page } from 'playwright-core';

export const HUE_TITLE = 'Thành phố văn hóa và du lịch thông minh Huế';
export const HUE_PARTY = 'Ủy ban nhân dân tỉnh Thừa Thiên Huế';
export const KOICA_PARTY = 'Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)';
export const PROGRAMME = 'Chương trình quốc gia của KOICA tại Việt Nam';

/** Fills and sends the draft form as an officer would; resolves with the new agreement's id. */
export async function draftThroughForm(page: Page, uiUrl: string): Promise<string> {
  await page.goto(`${uiUrl}/agreements/new`);
  await page.fill('input[name=title]', HUE_TITLE);
  await page.fill('input[name=titleEn]', 'Huế smart culture and tourism city');
  await page.selectOption('select[name=kind]', 'GRANT');
  await page.fill('input[name=programme]', PROGRAMME);
  await page.fill('input[name=themes]', 'smart-city, tourism');
  await page.fill('input[name=startDate]', '2021-01-01');
  await page.fill('input[name=endDate]', '2025-12-31');
  await page.fill('input[name=party-0-nodeId]', 'vn-hue');
  await page.fill('input[name=party-0-name]', HUE_PARTY);
  await page.selectOption('select[name=party-0-role]', 'PROVINCE');
  await page.fill('input[name=party-0-country]', 'VN');
  await page.fill('input[name=party-1-nodeId]', 'org-koica');
  await page.fill('input[name=party-1-name]', KOICA_PARTY);
  await page.selectOption('select[name=party-1-role]', 'DONOR');
  await page.fill('input[name=party-1-country]', 'KR');
  await page.click('form.draft button[type=submit]');
  await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** Submits one action form of the agreement page and waits until `until` (a selector) shows. */
export async function act(page: Page, action: string, until: string): Promise<void> {
  await page.click(`form[data-action=${action}] button[type=submit]`);
  await page.waitForSelector(until);
}

export const statusIs = (status: string): string => `[data-testid=agreement-status][data-status=${status}]`;

/** Forms with fields are folded (`<details>`) until the user opens one, as a user would. */
export async function openForm(page: Page, action: string): Promise<void> {
  await page.click(`details:has(form[data-action=${action}]):not([open]) > summary`);
  await page.waitForSelector(`form[data-action=${action}]`, { state: 'visible' });
}
