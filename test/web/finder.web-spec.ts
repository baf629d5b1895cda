import type { Page } from 'playwright-core';
import { screenshot, seriousA11yViolations, startWebHarness, type WebHarness } from './browser';

type SearchItem = { id: string; name: string; nextStart: string | null };

/** The finder needs no account: near me (a granted geolocation), soonest first. */
describe('web: find a meeting', () => {
  let h: WebHarness;

  beforeAll(async () => {
    h = await startWebHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('should show the soonest demo meeting near the granted position first, in both zones', async () => {
    const context = await h.newContext({
      geolocation: { latitude: 40.7128, longitude: -74.006 },
      permissions: ['geolocation'],
      timezoneId: 'America/Los_Angeles',
      locale: 'en-US',
    });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Meetings near me' }).click();
    await page.locator('ol.meetings > li').first().waitFor({ timeout: 10_000 });

    // The same searches the page made (it rounds the position to about 1 km): those in progress first, then the rest.
    const near = '/meetings?lat=40.71&lng=-74.01&radiusKm=25&limit=20';
    const running = await h.t.api.get<{ items: SearchItem[] }>(`${near}&inProgress=true`);
    const res = await h.t.api.get<{ items: SearchItem[] }>(near);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(1);
    const runningIds = new Set(running.body.items.map((m) => m.id));
    const expected = [...running.body.items, ...res.body.items.filter((m) => !runningIds.has(m.id))];
    const soonest = res.body.items.filter((m) => !runningIds.has(m.id)).sort((a, b) => Date.parse(a.nextStart ?? '') - Date.parse(b.nextStart ?? ''))[0];
    const shown = await page.locator('ol.meetings > li h2').allTextContents();
    expect(shown[running.body.items.length]).toBe(soonest.name);
    expect(shown).toEqual(expected.map((m) => m.name));
    const badges: string[] = await page.evaluate("[...document.querySelectorAll('ol.meetings > li')].map((c) => c.querySelector('.badge')?.textContent ?? '')");
    expect(badges.slice(0, running.body.items.length).every((b) => b === 'In progress')).toBe(true);

    // New York meetings seen from Los Angeles: the meeting's time and the viewer's.
    const first = page.locator('ol.meetings > li').first();
    expect(await first.textContent()).toContain('your time');
    expect(await first.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toMatch(/^\/api\/v1\/meetings\/[0-9a-f-]+\/calendar\.ics$/);
    const calendar = await page.request.get(`${h.t.baseUrl}${await first.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')}`);
    expect(await calendar.text()).toContain('BEGIN:VCALENDAR');

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'find', false);
    // 200 % zoom of a 1280 px window is 640 CSS px, 400 % is 320: the page reflows, nothing scrolls sideways.
    for (const width of [640, 320]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await horizontalOverflow(page)).toBe(false);
    }
    await screenshot(page, 'find-zoom-200', false);
    expect(h.foreignRequests()).toEqual([]);
  }, 60_000);

  it('should offer the places the listings know when location is refused, and search near the chosen one (keyboard only)', async () => {
    // No geolocation permission: the browser refuses, the page says so and offers the place picker instead.
    const context = await h.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/#/find');
    await page.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
    const picker = page.getByLabel('Or choose a place');
    await picker.waitFor();

    // The picker lists exactly what GET /meetings/places answers (alphabetically), with the number of meetings.
    const places = await h.t.api.get<{ items: { label: string; lat: number; lng: number; meetings: number }[] }>('/meetings/places?limit=500');
    expect(places.status).toBe(200);
    const london = places.body.items.find((p) => p.label === 'London, England, UK');
    expect(london).toBeDefined();
    const options = await picker.locator('option').allTextContents();
    expect(options.slice(1).sort()).toEqual(places.body.items.map((p) => `${p.label} (${p.meetings} meetings)`).sort());
    expect(options.slice(1)).toEqual([...options.slice(1)].sort((a, b) => a.localeCompare(b, 'en')));
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Keyboard only: "Meetings near me" is refused, focus lands on the picker; choose London by typing, then search.
    await tabTo(page, "el.tagName === 'BUTTON' && el.textContent === 'Meetings near me'");
    await page.keyboard.press('Enter');
    await page.getByText('We could not get your location', { exact: false }).waitFor();
    await page.getByText('You can choose a place instead.', { exact: false }).waitFor();
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe('f-place');
    await page.keyboard.type('London');
    expect(await picker.inputValue()).toContain('London, England, UK');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Meetings near London, England, UK.').waitFor({ timeout: 10_000 });
    await page.locator('ol.meetings > li').first().waitFor();

    // The same searches, centred on the place: in progress first, then by next start.
    const near = `/meetings?lat=${london!.lat}&lng=${london!.lng}&radiusKm=25&viewerTimezone=Europe%2FLondon&limit=20`;
    const running = await h.t.api.get<{ items: SearchItem[] }>(`${near}&inProgress=true`);
    const upcoming = await h.t.api.get<{ items: SearchItem[] }>(near);
    const runningIds = new Set(running.body.items.map((m) => m.id));
    const expected = [...running.body.items, ...upcoming.body.items.filter((m) => !runningIds.has(m.id))];
    expect(expected.length).toBeGreaterThan(0);
    expect(await page.locator('ol.meetings > li h2').allTextContents()).toEqual(expected.map((m) => m.name));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'find-place', false);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await horizontalOverflow(page)).toBe(false);
    expect(h.foreignRequests()).toEqual([]);
  }, 60_000);

  it('should serve the app with the strict CSP and leave the API, docs and health untouched', async () => {
    const app = await fetch(`${h.t.baseUrl}/`);
    expect(app.status).toBe(200);
    const csp = app.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    const html = await app.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect((await fetch(`${h.t.baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${h.t.baseUrl}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${h.t.baseUrl}/docs`)).status).toBe(200);
    const unknown = await fetch(`${h.t.baseUrl}/api/v1/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { statusCode: number }).statusCode).toBe(404);
  });

  it('should send the built files compressed as the browser asks, hashed assets cached for a year, with a favicon', async () => {
    const html = await (await fetch(`${h.t.baseUrl}/`)).text();
    const script = /<script[^>]*\ssrc="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const get = (path: string, encoding: string) => fetch(`${h.t.baseUrl}${path}`, { headers: { 'accept-encoding': encoding } });
    for (const encoding of ['br', 'gzip']) {
      const res = await get(`${script}`, encoding);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('content-type')).toContain('javascript');
      expect(res.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await res.text()).toContain('Homegroup'); // fetch undoes the encoding: the same script
      const page = await get('/', encoding);
      expect(page.headers.get('content-encoding')).toBe(encoding);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toBe(html);
    }
    const plain = await get(`${script}`, 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    // The compressed copies are never pages of their own.
    expect((await get('/index.html.br', 'identity')).status).toBe(404);
    expect((await get(`${script}.gz`, 'identity')).status).toBe(404);
    expect(html).toContain('rel="icon" href="/favicon.svg"');
    const icon = await get('/favicon.svg', 'identity');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('should pass axe on the sign-in and the empty inbox, in English and Spanish', async () => {
    const page = await (await h.newContext({ locale: 'es-ES' })).newPage();
    await page.goto('/#/signin');
    await page.getByRole('heading', { name: 'Entrar', level: 1 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'signin-es');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByLabel(/^Email/).fill('priya@demo.homegroup.local');
    await page.getByLabel(/^Password/).fill('recovery-demo-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Alerts for me', level: 1 }).waitFor();
    await page.locator('body[data-live="on"]').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(h.foreignRequests()).toEqual([]);
  }, 60_000);
});

async function horizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
}

/** Presses Tab until the focused element `el` satisfies `condition` (page-side JS), at most 40 times. */
async function tabTo(page: Page, condition: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`((el) => Boolean(${condition}))(document.activeElement || document.body)`)) return;
  }
  throw new Error('no focusable element matched');
}
