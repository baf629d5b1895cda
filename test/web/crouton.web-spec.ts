import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { seedDemoData } from '../../apps/api/src/demo-data';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { CHROMIUM } from './browser';

/**
 * crouton (BMLT's tabbed meeting list, @bmlt-enabled/croutonjs) on another site's page, reading the demo meetings
 * from this server's BMLT Semantic API (ADR 0041) over JSONP, in Chromium: the page is served by a tiny node:http
 * server on its own port (another origin), as a service body's website would be.
 */
/** The value `read` gives once it stops changing towards `expected` (polls for up to 5 s), for an expect. */
async function settled<T>(read: () => Promise<T>, expected: T): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && JSON.stringify(value) !== JSON.stringify(expected); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe('crouton reads the BMLT Semantic API', () => {
  let t: TestApp;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  const crouton = dirname(require.resolve('@bmlt-enabled/croutonjs/package.json'));

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app, 'test');
    const page = `<!doctype html><html><head><meta charset="utf-8"><title>Meetings</title>
      <link rel="stylesheet" href="/crouton.css"><script src="/crouton.js"></script></head>
      <body><div id="bmlt-tabs"></div><script>
        window.crouton = new Crouton({ root_server: ${JSON.stringify(t.baseUrl)}, has_tabs: true, header: true,
          show_map: 0, service_body: [1], recurse_service_bodies: true, theme: '', time_format: 'H:mm', on_complete: function () { document.body.dataset.loaded = '1'; } });
        window.crouton.render();
      </script></body></html>`;
    const files: Record<string, [string, string]> = {
      '/': ['text/html; charset=utf-8', page],
      '/crouton.js': ['application/javascript', readFileSync(join(crouton, 'crouton.js'), 'utf8')],
      '/crouton.css': ['text/css', readFileSync(join(crouton, 'crouton.css'), 'utf8')],
    };
    site = createServer((req, res) => {
      const file = files[(req.url ?? '/').split('?')[0]];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
  });

  it('should render the demo meetings in day tabs and filter them by format', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const bmlt: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/client_interface/'))
        bmlt.push(`${response.status()} ${new URL(response.url()).searchParams.get('switcher')}`);
    });
    await page.goto(siteUrl);
    await page.locator('#bmlt-tabs tr.bmlt-data-row').first().waitFor({ state: 'attached', timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(bmlt).toEqual(
      expect.arrayContaining(['200 GetSearchResults', '200 GetFormats', '200 GetServiceBodies']),
    );
    expect(bmlt.filter((line) => !line.startsWith('200'))).toEqual([]);

    // What crouton asked for, read over the JSON output: each weekday tab holds that day's listings.
    const listings = (
      await t.api.get<Record<string, string>[]>(
        '/client_interface/json?switcher=GetSearchResults&services=1&recursive=1',
      )
    ).body;
    expect(listings.length).toBeGreaterThan(20);
    const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    expect(await page.locator('#bmlt-tabs .nav-tabs a').allTextContents()).toEqual(days);
    for (let day = 1; day <= 7; day += 1) {
      const expected = listings
        .filter((l) => l.weekday_tinyint === String(day))
        .map((l) => `meeting-data-row-${l.id_bigint}`);
      const shown = await page
        .locator(`#tab${day} tr.bmlt-data-row`)
        .evaluateAll((rows: { id: string }[]) => rows.map((r) => r.id));
      expect({ day, shown: shown.sort() }).toEqual({ day, shown: expected.sort() });
    }
    await page.locator('#bmlt-tabs .nav-tabs a', { hasText: 'Wednesday' }).click();
    const wednesday = listings.filter((l) => l.weekday_tinyint === '4');
    expect(
      await settled(() => page.locator('#bmlt-tabs tr.bmlt-data-row:visible').count(), wednesday.length),
    ).toBe(wednesday.length);
    const names = await page.locator('#tab4 tr.bmlt-data-row').allTextContents();
    for (const listing of wednesday)
      expect(names.some((text) => text.includes(listing.meeting_name))).toBe(true);

    // The format filter: in the day shown, only Closed meetings stay, exactly those the API says are Closed (format 4).
    const formats = await page.locator('#filter-dropdown-formats option').allTextContents();
    expect(formats).toEqual(expect.arrayContaining(['Closed', 'Open', 'Basic Text']));
    await page.locator('#filter-dropdown-formats + .select2 .select2-selection').click();
    await page.locator('.select2-results__option', { hasText: /^Closed$/ }).click();
    const closed = listings
      .filter((l) => l.format_shared_id_list.split(',').includes('4') && l.weekday_tinyint === '4')
      .map((l) => `meeting-data-row-${l.id_bigint}`);
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.length).toBeLessThan(wednesday.length);
    expect(
      await settled(
        async () =>
          (
            await page
              .locator('#bmlt-tabs tr.bmlt-data-row:visible')
              .evaluateAll((rows: { id: string }[]) => rows.map((r) => r.id))
          ).sort(),
        closed.sort(),
      ),
    ).toEqual(closed.sort());
    await page.close();
    await context.close();
  });
});
