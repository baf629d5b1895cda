import type { Page } from 'playwright-core';
import { demoEmail, screenshot, seriousA11yViolations, signIn, startWebHarness, type WebHarness } from './browser';

/**
 * The craving path end to end in two browsers: the real app, the real database, the real socket; nothing faked.
 * Sam (member) flags a craving; Alex (Sam's sponsor in the demo data) has the app open.
 */
describe('web: the craving path', () => {
  let h: WebHarness;

  beforeAll(async () => {
    h = await startWebHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('should page the sponsor within 2 s and show the member who is responding within 2 s', async () => {
    const sam = await (await h.newContext()).newPage();
    const alex = await (await h.newContext()).newPage();
    await signIn(alex, demoEmail('alex'));
    await alex.goto('/#/inbox');
    await alex.getByRole('heading', { name: 'Alerts for me' }).waitFor();
    await signIn(sam, demoEmail('sam'));

    await sam.getByRole('button', { name: /craving/i }).click();
    // At once, before any answer: crisis lines as tel: links, the grounding exercise, the wave timer.
    await sam.locator('.crisis a[href^="tel:"]').first().waitFor();
    await sam.getByRole('heading', { name: /5-4-3-2-1/ }).waitFor();
    await sam.getByText(/peak usually passes in 15–30 minutes/).waitFor();
    expect(await seriousA11yViolations(sam)).toEqual([]);
    await screenshot(sam, 'craving-before-send');

    await sam.getByLabel(/How strong/).fill('7');
    await sam.getByRole('button', { name: 'Page my people now' }).click();
    // The alert is written; nobody has answered yet, and the page says so.
    await sam.getByText('Nobody has answered yet', { exact: false }).waitFor({ timeout: 5000 });

    // Alex's open page shows the alert as a banner (role="alert") within 2 s.
    await alex.getByRole('alert').filter({ hasText: 'Sam' }).waitFor({ timeout: 2000 });
    expect(await seriousA11yViolations(alex)).toEqual([]);
    await screenshot(alex, 'inbox-alert');

    const card = alex.locator('main .alert-card').filter({ hasText: 'Sam' });
    await card.getByLabel(/Quick message/).fill('calling you now');
    await card.getByRole('button', { name: /respond/i }).click();

    // Sam's page shows who is responding, with the message, within 2 s.
    // Demo display names carry an initial ("Alex R."): the line is "<name>: <message>".
    await sam.locator('.responding').filter({ hasText: /^Alex\b.*: calling you now$/ }).waitFor({ timeout: 2000 });
    expect(await sam.getByText('Nobody has answered yet', { exact: false }).count()).toBe(0);
    await alex.getByText('You are responding. Thank you.').first().waitFor();
    expect(await seriousA11yViolations(sam)).toEqual([]);
    await screenshot(sam, 'craving-responding');
    for (const width of [640, 320]) {
      await sam.setViewportSize({ width, height: 800 });
      expect(await sam.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);
    }

    // Resolve without judgement; Alex's inbox closes the alert.
    await sam.getByRole('button', { name: 'It passed' }).click();
    await sam.getByText('Thank you for telling us', { exact: false }).waitFor();
    await alex.getByText('No open alerts', { exact: false }).waitFor();

    expect(h.foreignRequests()).toEqual([]);
  }, 60_000);

  it('should show an open alert to a recipient who opens the app after it was raised (replayed on connect)', async () => {
    const sam = await (await h.newContext()).newPage();
    await signIn(sam, demoEmail('sam'));
    await sam.getByRole('button', { name: /craving/i }).click();
    await sam.getByRole('button', { name: 'Page my people now' }).click();
    await sam.getByText('Nobody has answered yet', { exact: false }).waitFor();

    const jo = await (await h.newContext()).newPage();
    await signIn(jo, demoEmail('jo'));
    await jo.goto('/#/inbox');
    await jo.locator('main .alert-card').filter({ hasText: 'Sam' }).waitFor({ timeout: 5000 });
    // After a reload the alert is still there (the session resumes from the httpOnly refresh cookie).
    await jo.reload();
    await jo.locator('body[data-live="on"]').waitFor();
    await jo.locator('main .alert-card').filter({ hasText: 'Sam' }).waitFor({ timeout: 5000 });
    // Nothing the page's script can read holds the refresh token (httpOnly cookie, nothing in storage).
    const readable = String(await jo.evaluate('document.cookie + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })'));
    expect(readable).not.toMatch(/[0-9a-f-]{36}\.[A-Za-z0-9_-]{32,}/);
    await jo.locator('main .alert-card').getByRole('button', { name: /respond/i }).click();
    await sam.locator('.responding').filter({ hasText: /^Jo\b.* is responding$/ }).waitFor({ timeout: 5000 });
    // Sam reloads in the middle of it: the open alert and who is responding come back, no new form.
    await sam.reload();
    await sam.locator('body[data-live="on"]').waitFor();
    await sam.locator('.responding').filter({ hasText: /^Jo\b.* is responding$/ }).waitFor({ timeout: 5000 });
    expect(await sam.getByRole('button', { name: 'Page my people now' }).count()).toBe(0);
    await sam.getByRole('button', { name: 'Still struggling' }).click();
    await sam.getByText('Thank you for telling us', { exact: false }).waitFor();
    expect(h.foreignRequests()).toEqual([]);
  }, 60_000);

  it('should let a member flag a craving and resolve it with the keyboard alone', async () => {
    const registered = await h.t.api.post<{ accessToken: string }>('/auth/register', {
      email: 'keys@example.org',
      password: 'long-enough-pw',
      displayName: 'Kim',
    });
    expect(registered.status).toBe(201);
    const page = await (await h.newContext()).newPage();
    await page.goto('/#/signin');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tabTo(page, "el.id === 'email'");
    await page.keyboard.type('keys@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('long-enough-pw');
    await page.keyboard.press('Enter');
    await page.locator('body[data-live="on"]').waitFor();

    await tabTo(page, "el.tagName === 'BUTTON' && /craving/i.test(el.textContent)");
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /You reached out/ }).waitFor();
    await tabTo(page, "el.id === 'intensity'");
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#intensity').inputValue()).toBe('7');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#trigger').inputValue()).toBe('environmental');
    await page.keyboard.press('Tab');
    await page.keyboard.type('after work');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Nobody has answered yet', { exact: false }).waitFor();

    // The crisis lines are reachable by keyboard too.
    await tabTo(page, "(el.getAttribute('href') || '').startsWith('tel:')");
    await tabTo(page, "el.textContent === 'It passed'", true);
    await page.keyboard.press('Enter');
    await page.getByText('Thank you for telling us', { exact: false }).waitFor();
    const history = await h.t.api.get<{ items: { intensity: number; trigger: string | null; outcome: string | null }[] }>('/cravings', {
      token: registered.body.accessToken,
    });
    expect(history.body.items[0]).toMatchObject({ intensity: 7, trigger: 'environmental', outcome: 'passed' });
  }, 60_000);
});

/** Presses Tab (or Shift+Tab) until the focused element `el` satisfies `condition` (page-side JS), at most 40 times. */
async function tabTo(page: Page, condition: string, backwards = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const found = await page.evaluate(`((el) => Boolean(${condition}))(document.activeElement || document.body)`);
    if (found) return;
  }
  throw new Error('no focusable element matched');
}
