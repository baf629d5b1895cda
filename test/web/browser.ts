import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { seedDemoData } from '../../apps/api/src/demo-data';
import { findWebRoot } from '@homegroup/operations';
import { createTestApp, type TestApp, type TestAppOptions } from '../utils/create-test-app';

/** Debian's chromium package (`.ci/run` installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'recovery-demo-1';
export const demoEmail = (name: 'sam' | 'alex' | 'jo' | 'priya'): string => `${name}@demo.homegroup.local`;

export type WebHarness = {
  t: TestApp;
  browser: Browser;
  /** A new context that records every request and websocket it opens (for the same-origin check). */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  /** Every URL any page asked for that is not on the app's origin (expected: none). */
  foreignRequests: () => string[];
  close: () => Promise<void>;
};

/**
 * The real app (a cloned database, demo data seeded as `npm start` does) serving the built web app, and a
 * headless Chromium. `npm run test:web` builds first; a missing build is a clear failure, not a blank page.
 * `options` go to the app (e.g. `env: { RUN_WORKER: 'true' }` for the jobs a spec needs).
 */
export async function startWebHarness(options: TestAppOptions = {}): Promise<WebHarness> {
  if (!findWebRoot()) throw new Error('dist/web is missing: run `npm run build` (npm run test:web does)');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  const t = await createTestApp(options);
  await seedDemoData(t.app, 'test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const origin = new URL(t.baseUrl);
  const foreign: string[] = [];
  const check = (url: string): void => {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return;
    if (u.hostname !== origin.hostname || u.port !== origin.port) foreign.push(url);
  };
  return {
    t,
    browser,
    newContext: async (options = {}) => {
      const context = await browser.newContext({ baseURL: t.baseUrl, ...options });
      context.on('request', (request) => check(request.url()));
      context.on('page', (page) => page.on('websocket', (ws) => check(ws.url())));
      return context;
    },
    foreignRequests: () => [...foreign],
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/#/signin');
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('body[data-live="on"]').waitFor({ timeout: 10_000 });
}

/**
 * axe-core's serious and critical findings on the page as it is now (expected: none); `include` (a CSS selector)
 * checks that part only, for pages too long to check whole within a test's time (a lead of every demo group).
 */
export async function seriousA11yViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** With SCREENSHOTS=1 the tests refresh docs/screens/<name>.png (committed; see docs/screens/README.md). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = resolve(__dirname, '../../docs/screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: resolve(dir, `${name}.png`), fullPage });
}

/**
 * Polls `expression` (page-side JS, as a string) from the test until it is true, for at most `timeoutMs`. Not
 * page.waitForFunction with a string: the app's CSP (no 'unsafe-eval') refuses that as soon as it has to poll.
 */
export async function untilTrue(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.evaluate(`Boolean(${expression})`)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`still false after ${timeoutMs} ms: ${expression}`);
}
