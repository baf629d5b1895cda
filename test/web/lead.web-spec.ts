import type { Page } from 'playwright-core';
import { screenshot, seriousA11yViolations, signIn, startWebHarness, type WebHarness } from './browser';

type SearchItem = { id: string; name: string };
type Group = { id: string; name: string; published: boolean };

/** The local date (YYYY-MM-DD) of the next `weekday` (0 = Sunday) at least `minDays` from today in `zone`. */
function nextDate(weekday: number, zone: string, minDays: number): string {
  for (let i = minDays; i < minDays + 7; i++) {
    const day = new Date(Date.now() + i * 86_400_000);
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' }).formatToParts(day);
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    if (['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')) === weekday) return `${get('year')}-${get('month')}-${get('day')}`;
  }
  throw new Error('unreachable');
}

/** Presses Tab until the focused element `el` satisfies `condition` (page-side JS), at most 60 times. */
async function tabTo(page: Page, condition: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(`((el) => Boolean(${condition}))(document.activeElement || document.body)`);
    if (found) return;
  }
  throw new Error(`no focusable element matched ${condition}`);
}

/** Screen 6: a group lead posts a weekly meeting, publishes the group, and anyone then finds it with a filter. */
describe('web: group lead', () => {
  let h: WebHarness;

  beforeAll(async () => {
    h = await startWebHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('should let a lead create a group, post, edit and cancel a date of a weekly meeting, publish, and be found with a filter', async () => {
    const email = 'lead@example.org';
    const password = 'long-enough-pw';
    const registered = await h.t.api.post<{ accessToken: string }>('/auth/register', { email, password, displayName: 'Lee' });
    expect(registered.status).toBe(201);

    const context = await h.newContext({ timezoneId: 'America/Chicago', locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, email, password);

    // Keyboard only: the navigation link, then the new-group form.
    await page.goto('/#/find');
    await page.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
    await tabTo(page, "el.getAttribute('href') === '#/lead'");
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'My groups', level: 1 }).waitFor();
    await page.getByText('You do not lead a group yet').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await tabTo(page, "el.id === 'group-new-name'");
    await page.keyboard.type('Tuesday Hope');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('group-new-fellowship');
    await page.locator('#group-new-fellowship').selectOption('NA');
    await tabTo(page, "el.textContent === 'Create group'");
    await page.keyboard.press('Enter');
    const card = page.locator('article.group', { has: page.getByRole('heading', { name: 'Tuesday Hope' }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Not published');

    // The API's validation: no day and no start time come back as 400 `fields`, shown under those fields.
    await card.getByRole('button', { name: 'Add a weekly meeting to Tuesday Hope' }).click();
    const form = card.getByRole('form', { name: 'New weekly meeting' });
    await form.getByLabel('Meeting name').fill('Hope at Noon');
    // The time zone defaults to the browser's.
    expect(await form.getByLabel('Time zone').inputValue()).toBe('America/Chicago');
    await form.getByRole('button', { name: 'Post meeting' }).click();
    await form.getByRole('alert').getByText('Some fields need a change').waitFor();
    await form.locator('.field-error', { hasText: 'weekdays needs at least one day' }).waitFor();
    await form.locator('.field-error', { hasText: 'startTime must be a local time' }).waitFor();
    const startTime = form.getByLabel('Start time');
    expect(await startTime.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await startTime.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('startTime must be a local time');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Online, on Tuesdays at 12:00 for 60 minutes, in Portuguese (no demo meeting is).
    await form.getByLabel('Tuesday').check();
    await startTime.fill('12:00');
    await form.getByLabel('Online', { exact: true }).check();
    await form.getByLabel('Meeting link').fill('https://meet.example.org/hope');
    await form.getByLabel(/^Languages/).fill('pt');
    await form.getByLabel(/^Type codes/).fill('O, D');
    await form.getByRole('button', { name: 'Post meeting' }).click();
    const item = card.locator('li.lead-meeting', { has: page.getByRole('heading', { name: 'Hope at Noon' }) });
    await item.waitFor();
    expect(await item.textContent()).toContain('12:00–13:00 (America/Chicago)');

    // Edit: 90 minutes.
    await item.getByRole('button', { name: 'Edit Hope at Noon' }).click();
    const edit = item.getByRole('form', { name: 'Edit Hope at Noon' });
    expect(await edit.getByLabel('Tuesday').isChecked()).toBe(true);
    await edit.getByLabel('Length in minutes').fill('90');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await item.getByText('12:00–13:30', { exact: false }).waitFor();

    // A one-off cancellation.
    const cancelled = nextDate(2, 'America/Chicago', 8);
    await item.getByRole('button', { name: 'Cancel or move one date of Hope at Noon' }).click();
    const exception = item.getByRole('form', { name: 'Cancel or move one date of Hope at Noon' });
    await exception.getByLabel(/^Date/).fill(cancelled);
    await exception.getByLabel('Public note (optional)').fill('Holiday');
    await exception.getByRole('button', { name: 'Save' }).click();
    await item.getByText(`Cancelled on ${cancelled} · Holiday`).waitFor();
    // And a one-off move, a week later, to 18:00 the same day.
    const moved = nextDate(2, 'America/Chicago', 15);
    await item.getByRole('button', { name: 'Cancel or move one date of Hope at Noon' }).click();
    await exception.getByLabel(/^Date/).fill(moved);
    await exception.getByLabel('Moved').check();
    await exception.getByLabel('New start time').fill('18:00');
    await exception.getByRole('button', { name: 'Save' }).click();
    await item.getByText(`${moved} moved to ${moved} 18:00`).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'lead');

    const [group] = (await h.t.api.get<Group[]>('/me/groups', { token: registered.body.accessToken })).body;
    expect(group).toMatchObject({ name: 'Tuesday Hope', published: false });
    const filtered = '/meetings?languages=pt&weekday=2&attendance=online&fellowship=NA&limit=50';
    expect((await h.t.api.get<{ items: SearchItem[] }>(filtered)).body.items.map((m) => m.name)).not.toContain('Hope at Noon');

    await card.getByRole('button', { name: 'Publish Tuesday Hope' }).click();
    await card.getByText('Published: anyone can find it').waitFor();
    expect((await h.t.api.get<{ items: SearchItem[] }>(filtered)).body.items.map((m) => m.name)).toContain('Hope at Noon');

    // Anyone (no account) finds it with filters set in the finder.
    const visitor = await (await h.newContext({ locale: 'en-US', timezoneId: 'America/Chicago' })).newPage();
    await visitor.goto('/');
    await visitor.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
    await visitor.getByLabel('Fellowship', { exact: true }).selectOption('NA');
    await visitor.getByLabel('Meeting language').selectOption('pt');
    await visitor.getByLabel('Day', { exact: true }).selectOption('2');
    await visitor.getByLabel('In person or online').selectOption('online');
    await visitor.getByRole('button', { name: 'Search everywhere' }).click();
    await visitor.locator('ol.meetings > li').first().waitFor({ timeout: 10_000 });
    const names = await visitor.locator('ol.meetings > li h2').allTextContents();
    expect(names).toEqual(['Hope at Noon']);
    expect(await seriousA11yViolations(visitor)).toEqual([]);

    // The lead screen in Spanish, and at 400 % zoom (320 CSS px): axe-clean, nothing scrolls sideways.
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Mis grupos', level: 1 }).waitFor();
    await card.getByRole('button', { name: 'Añadir una reunión semanal a Tuesday Hope' }).click();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);
    expect(h.foreignRequests()).toEqual([]);
  }, 90_000);

  it('should put meetings in progress and starting soon first, with a badge, when asked', async () => {
    const page = await (await h.newContext({ locale: 'en-US' })).newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
    await page.getByLabel(/only those in progress or starting/i).check();
    await page.getByRole('button', { name: 'Search everywhere' }).click();
    await page.locator('.status p').filter({ hasText: /meetings|No meetings/ }).waitFor({ timeout: 10_000 });

    const res = await h.t.api.get<{ items: (SearchItem & { inProgress: boolean; nextStart: string })[] }>('/meetings?inProgress=true&startsWithinMinutes=60&limit=20');
    const shown = await page.locator('ol.meetings > li h2').allTextContents();
    expect(shown).toEqual(res.body.items.map((m) => m.name));
    // Every card has one of the two badges; those in progress come before those starting soon.
    const badges = await page.locator('ol.meetings > li .badge').allTextContents();
    expect(badges).toHaveLength(res.body.items.length);
    const firstSoon = badges.indexOf('Starting soon');
    if (firstSoon >= 0) expect(badges.slice(firstSoon).every((b) => b === 'Starting soon')).toBe(true);
  }, 60_000);
});
