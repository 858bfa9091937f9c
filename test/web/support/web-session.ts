import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, exited, startHubProcess, type HubProcess } from '../../hub/hub-process.js';
import { OUTPUT } from './paths.js';
import { launchChromium } from './browser.js';
import { buildUi, startUiServer, type UiServer } from './ui-server.js';

export { OUTPUT };

export interface WebSession {
  readonly hub: HubProcess;
  readonly ui: UiServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly dataDir: string;
  /** A bearer token signed with the node's key (as `ketnoi token` makes them). */
  token(role: 'officer' | 'partner' | 'auditor' | 'admin', node: string, sub: string): Promise<string>;
  /** Signs the page in through the sign-in form. */
  signIn(token: string): Promise<void>;
  /** GET from the hub's API as this node's officer; the parsed JSON body. */
  get(path: string): Promise<Record<string, unknown>>;
  /** POST to the hub's API as this node's officer (or admin); the parsed JSON body. */
  post(
    path: string,
    body: object,
    as?: 'officer' | 'admin',
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * A fresh hub process (PGlite in a temp dir, free ports), the UI in front of it, and a headless
 * Chromium page in Vietnamese. `name` separates the UI builds of test files running in parallel.
 */
export async function startWebSession(name: string): Promise<WebSession> {
  ensureBuilt();
  const uiRoot = join(OUTPUT, `ui-${name}`);
  buildUi(uiRoot);
  mkdirSync(join(OUTPUT, 'screenshots'), { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-web-e2e-'));
  const hub = await startHubProcess({
    PORT: '0',
    GRPC_PORT: '0',
    KETNOI_NODE_ID: 'vn-hue',
    KETNOI_DATA_DIR: dataDir,
  });
  let ui: UiServer | undefined;
  let browser: Browser | undefined;
  try {
    ui = await startUiServer(uiRoot, hub.url);
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // Browser-side errors go to the test's output: a failing step then says why.
    page.on('pageerror', (error) => process.stderr.write(`browser error: ${error.message}\n`));
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`browser console: ${message.text()}\n`);
    });
    const token: WebSession['token'] = async (role, node, sub) => {
      const key = await importPKCS8(readFileSync(join(dataDir, 'node.key'), 'utf8'), 'EdDSA');
      return new SignJWT({ role, node })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
    };
    const officer = await token('officer', 'vn-hue', 'officer@vn-hue');
    const session: WebSession = {
      hub,
      ui,
      browser,
      page,
      dataDir,
      token,
      signIn: async (value) => {
        await page.goto(`${ui!.url}/signin`);
        await page.fill('textarea[name=token]', value);
        await page.click('form.signin button[type=submit]');
        await page.waitForURL(`${ui!.url}/`);
      },
      get: async (path) => {
        const response = await fetch(`${hub.url}${path}`, {
          headers: { authorization: `Bearer ${officer}` },
        });
        return (await response.json()) as Record<string, unknown>;
      },
      post: async (path, body, as = 'officer') => {
        const bearer = as === 'officer' ? officer : await token('admin', 'vn-hue', 'admin@vn-hue');
        const response = await fetch(`${hub.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      },
      close: async () => {
        await browser?.close().catch(() => undefined);
        await ui?.close().catch(() => undefined);
        hub.child.kill('SIGKILL');
        await exited(hub.child);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    // Every session starts signed in as this node's officer, as a user of the UI would be.
    await session.signIn(officer);
    return session;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await ui?.close().catch(() => undefined);
    hub.child.kill('SIGKILL');
    await exited(hub.child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export const screenshotPath = (name: string): string => join(OUTPUT, 'screenshots', `${name}.png`);
