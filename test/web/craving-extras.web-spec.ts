import type { Locator, Page } from 'playwright-core';
import { Clock } from '@homegroup/operations';
import { demoEmail, DEMO_PASSWORD, screenshot, seriousA11yViolations, signIn, startWebHarness, type WebHarness } from './browser';

type Contact = { id: string; user: { id: string; displayName: string }; phone?: string | null; theyShareTheirPhone: boolean };
type SearchItem = { id: string; name: string; conference: { url: string | null; phone: string | null } | null; location: { lat: number | null; lng: number | null } | null };
type Demo = 'sam' | 'alex' | 'jo' | 'priya';

const PHONES: Record<Demo, string> = { sam: '+14155550101', alex: '+14155550102', jo: '+14155550103', priya: '+14155550104' };

/**
 * The rest of "I'm craving" (issue 10) in a real browser against the real app and demo data: one-tap calls to the
 * people who share their phone, the coping list, meetings reachable now, the overdose-risk card; and the call link
 * on the sponsor/contact side (inbox and banner).
 */
describe('web: the craving screen’s calls, coping list, meetings now and overdose card', () => {
  let h: WebHarness;
  const token: Partial<Record<Demo, string>> = {};
  const id: Partial<Record<Demo, string>> = {};

  const as = (who: Demo) => ({ token: token[who] });
  /** `who`'s contact row for `other` (their own contactId). */
  const contactOf = async (who: Demo, other: Demo): Promise<Contact> => {
    const list = await h.t.api.get<Contact[]>('/phone-list', as(who));
    const found = list.body.find((c) => c.user.id === id[other]);
    if (!found) throw new Error(`${other} is not on ${who}'s phone list`);
    return found;
  };
  const sharePhone = async (who: Demo, withWhom: Demo): Promise<void> => {
    const contact = await contactOf(who, withWhom);
    expect((await h.t.api.patch(`/phone-list/${contact.id}`, { sharePhone: true }, as(who))).status).toBe(200);
  };

  beforeAll(async () => {
    h = await startWebHarness();
    for (const who of ['sam', 'alex', 'jo', 'priya'] as const) {
      const login = await h.t.api.post<{ accessToken: string; user: { id: string } }>('/auth/login', { email: demoEmail(who), password: DEMO_PASSWORD });
      token[who] = login.body.accessToken;
      id[who] = login.body.user.id;
      expect((await h.t.api.patch('/me', { phone: PHONES[who] }, as(who))).status).toBe(200);
    }
    // Alex (Sam's sponsor) joins Sam's phone list with an invite code, and shares his phone; so does Jo. Priya
    // does not. Sam shares his with Jo only.
    const invite = await h.t.api.post<{ code: string }>('/phone-list/invites', undefined, as('alex'));
    expect((await h.t.api.post(`/phone-list/invites/${invite.body.code}/accept`, undefined, as('sam'))).status).toBe(201);
    await sharePhone('alex', 'sam');
    await sharePhone('jo', 'sam');
    await sharePhone('sam', 'jo');
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('should show at once one-tap calls to those who share their phone (the sponsor named), the coping list and online meetings now, each a tap to join', async () => {
    // What Sam's phone list says: Alex and Jo share, Priya does not.
    const phoneList = await h.t.api.get<Contact[]>('/phone-list', as('sam'));
    const sharing = phoneList.body.filter((c) => c.theyShareTheirPhone && c.phone);
    expect(sharing.map((c) => c.user.displayName).sort()).toEqual(['Alex R.', 'Jo M.']);

    // The coping list (GET /me's copingList) when this API has it; otherwise the screen shows its hint.
    const me = await h.t.api.get<Record<string, unknown>>('/me', as('sam'));
    const coping = 'copingList' in me.body ? ['Call Alex', 'Walk round the block', 'A cold shower'] : null;
    if (coping) expect((await h.t.api.patch('/me', { copingList: coping }, as('sam'))).status).toBe(200);

    // An online meeting starting in 10 minutes, from a group Sam leads; the clock stands still while both the page
    // and this test ask what is reachable now.
    const now = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    const start = new Date(now.getTime() + 10 * 60_000);
    const group = await h.t.api.post<{ id: string }>('/groups', { name: 'Craving test group', fellowship: 'NA', published: true }, as('sam'));
    const conference = { url: 'https://meet.example.org/homegroup-now', phone: '+14155550199' };
    const meeting = await h.t.api.post<{ id: string; name: string }>(
      `/groups/${group.body.id}/meetings`,
      {
        name: 'Right Now Online',
        timezone: 'UTC',
        weekdays: [start.getUTCDay()],
        startTime: start.toISOString().slice(11, 16),
        durationMinutes: 60,
        attendance: 'online',
        conference,
      },
      as('sam'),
    );
    expect(meeting.status).toBe(201);
    const clock = h.t.app.get(Clock);
    clock.freeze(now);
    try {
      const context = await h.newContext({ timezoneId: 'America/New_York' });
      await context.addInitScript({ content: countGeolocationCalls });
      const sam = await context.newPage();
      await signIn(sam, demoEmail('sam'));
      await sam.getByRole('button', { name: /craving/i }).click();
      await sam.getByRole('heading', { name: /You reached out/ }).waitFor();

      // Calls: exactly the two who share, the sponsor first and named as such, each a tel: link to their number.
      const calls = sam.locator('section[aria-labelledby="call-title"] a.call');
      await calls.first().waitFor();
      expect(await calls.allTextContents()).toEqual(['Call Alex R. (your sponsor)', 'Call Jo M.']);
      expect(await hrefs(calls)).toEqual([`tel:${PHONES.alex}`, `tel:${PHONES.jo}`]);
      expect(await sam.getByRole('link', { name: /Priya/ }).count()).toBe(0);

      // What helps (or the hint, with the way to #/me).
      const copingSection = sam.locator('section[aria-labelledby="coping-title"]');
      if (coping) {
        await copingSection.locator('li').first().waitFor();
        expect(await copingSection.locator('li').allTextContents()).toEqual(coping);
      } else {
        await copingSection.getByText('Add what helps you', { exact: false }).waitFor();
      }
      expect(await copingSection.getByRole('link').getAttribute('href')).toBe('#/me');

      // Online meetings in progress or starting within 30 minutes, any fellowship: what the API says, in its order.
      await sam.getByText('Any 12-step meeting will work.').waitFor();
      const online = sam.locator('[data-testid="meetings-online"] > li');
      await online.first().waitFor({ timeout: 10_000 });
      const expected = await h.t.api.get<{ items: SearchItem[] }>(
        '/meetings?inProgress=true&startsWithinMinutes=30&attendance=online&viewerTimezone=America%2FNew_York&limit=10',
      );
      expect(expected.body.items.map((m) => m.id)).toContain(meeting.body.id);
      expect(await online.locator('h4').allTextContents()).toEqual(expected.body.items.map((m) => m.name));
      const mine = online.filter({ hasText: 'Right Now Online' });
      expect(await mine.getByText('Starting soon').count()).toBe(1);
      expect(await mine.getByRole('link', { name: 'Join online' }).getAttribute('href')).toBe(conference.url);
      expect(await mine.getByRole('link', { name: 'Join by phone' }).getAttribute('href')).toBe(`tel:${conference.phone}`);
      expect(await mine.getByRole('link', { name: 'Add to calendar' }).count()).toBe(0);
      // Every one of them is a tap to join.
      for (const item of expected.body.items) {
        const card = online.filter({ has: sam.getByRole('heading', { name: item.name, exact: true }) }).first();
        expect(await card.getByRole('link', { name: /^Join/ }).count()).toBeGreaterThan(0);
      }

      // No geolocation permission: nothing asked the browser where Sam is; a button offers it.
      await sam.getByRole('button', { name: 'Show meetings near me' }).waitFor();
      expect(await sam.evaluate('window.__geolocationCalls')).toBe(0);

      // Keyboard: from the heading, the sponsor's call link, then on to a join link.
      await sam.getByRole('heading', { name: /You reached out/ }).focus();
      await tabTo(sam, "(el.getAttribute('href') || '').startsWith('tel:+1415555010')");
      expect(await sam.evaluate('document.activeElement.textContent')).toBe('Call Alex R. (your sponsor)');
      await tabTo(sam, "el.textContent === 'Join online'");

      expect(await seriousA11yViolations(sam)).toEqual([]);
      await screenshot(sam, 'craving-now');
      await sam.setViewportSize({ width: 320, height: 800 });
      expect(await horizontalOverflow(sam)).toBe(false);

      // Asked for: the button asks the browser (refused here, and the page says so).
      await sam.getByRole('button', { name: 'Show meetings near me' }).click();
      await sam.getByText('We could not get your location', { exact: false }).waitFor();
      expect(await sam.evaluate('window.__geolocationCalls')).toBe(1);
      expect(await seriousA11yViolations(sam)).toEqual([]);
    } finally {
      clock.resume();
    }
    expect(h.foreignRequests()).toEqual([]);
  }, 90_000);

  it('should list in-person meetings near me within the hour at once when the browser already allows location, with directions', async () => {
    const now = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    const start = new Date(now.getTime() + 20 * 60_000);
    const group = await h.t.api.post<{ id: string }>('/groups', { name: 'Craving nearby group', fellowship: 'AA', published: true }, as('alex'));
    const meeting = await h.t.api.post<{ id: string }>(
      `/groups/${group.body.id}/meetings`,
      {
        name: 'Around The Corner',
        timezone: 'UTC',
        weekdays: [start.getUTCDay()],
        startTime: start.toISOString().slice(11, 16),
        durationMinutes: 60,
        attendance: 'in_person',
        location: { formattedAddress: '1 Centre St, New York, NY 10007, USA', city: 'New York', state: 'NY', country: 'USA', lat: 40.7127, lng: -74.0059 },
      },
      as('alex'),
    );
    expect(meeting.status).toBe(201);
    const clock = h.t.app.get(Clock);
    clock.freeze(now);
    try {
      const context = await h.newContext({
        geolocation: { latitude: 40.7128, longitude: -74.006 },
        permissions: ['geolocation'],
        timezoneId: 'America/New_York',
      });
      const page = await context.newPage();
      await signIn(page, demoEmail('priya'));
      await page.goto('/#/craving');
      const near = page.locator('[data-testid="meetings-near"] > li');
      await near.first().waitFor({ timeout: 10_000 });
      expect(await page.getByRole('button', { name: 'Show meetings near me' }).count()).toBe(0);
      const expected = await h.t.api.get<{ items: SearchItem[] }>(
        '/meetings?lat=40.71&lng=-74.01&radiusKm=25&inProgress=true&startsWithinMinutes=60&attendance=in_person&viewerTimezone=America%2FNew_York&limit=10',
      );
      expect(expected.body.items.map((m) => m.id)).toContain(meeting.body.id);
      expect(await near.locator('h4').allTextContents()).toEqual(expected.body.items.map((m) => m.name));
      const directions = near.filter({ hasText: 'Around The Corner' }).getByRole('link', { name: 'Directions (map)' });
      expect(await directions.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=40.7127&mlon=-74.0059#map=17/40.7127/-74.0059');
      // Priya shares no phone with anyone and nobody shares with her: no call link, the hint instead.
      await page.getByText('Nobody on your phone list shares their number with you yet.').waitFor();
      expect(await page.locator('a.call').count()).toBe(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await horizontalOverflow(page)).toBe(false);
    } finally {
      clock.resume();
    }
  }, 60_000);

  it('should show the overdose-risk card after "I used" to a member who opted in, with its tel: links (keyboard only), and not to one who did not', async () => {
    const optedIn = await register('Dana', 'dana@example.org');
    expect((await h.t.api.put('/me/escalation-policy', { overdoseRiskCard: true }, { token: optedIn })).status).toBe(200);
    const page = await (await h.newContext()).newPage();
    await signIn(page, 'dana@example.org', 'long-enough-pw');
    await tabTo(page, "el.tagName === 'BUTTON' && /craving/i.test(el.textContent)");
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /You reached out/ }).waitFor();
    await tabTo(page, "el.tagName === 'BUTTON' && el.textContent === 'Page my people now'");
    await page.keyboard.press('Enter');
    await page.getByText('Nobody has answered yet', { exact: false }).waitFor();
    await tabTo(page, "el.tagName === 'BUTTON' && el.textContent === 'I used'");
    await page.keyboard.press('Enter');

    const card = page.getByTestId('overdose-card');
    await card.waitFor();
    // The API's card (US lines: no country set), its heading focused so it is read first.
    await card.getByRole('heading', { name: 'You matter. Please stay safe right now' }).waitFor();
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe('overdose-title');
    expect(await card.locator('li').filter({ hasText: 'naloxone' }).count()).toBeGreaterThan(0);
    const tel = await hrefs(card.locator('a[href^="tel:"]'));
    expect(tel[0]).toBe('tel:911');
    expect(tel).toContain('tel:988');
    await page.getByText('Your tolerance may be lower than before', { exact: false }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'craving-overdose-card', false);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await horizontalOverflow(page)).toBe(false);
    // Keyboard: the emergency number is the next stop after the heading.
    await page.keyboard.press('Tab');
    expect(await page.evaluate("document.activeElement.getAttribute('href')")).toBe('tel:911');

    // Without the opt-in: the same answer, no card (the care sentence stays).
    await register('Eli', 'eli@example.org');
    const other = await (await h.newContext()).newPage();
    await signIn(other, 'eli@example.org', 'long-enough-pw');
    await other.getByRole('button', { name: /craving/i }).click();
    await other.getByRole('button', { name: 'Page my people now' }).click();
    await other.getByText('Nobody has answered yet', { exact: false }).waitFor();
    await other.getByRole('button', { name: 'I used' }).click();
    await other.getByText('Your tolerance may be lower than before', { exact: false }).waitFor();
    expect(await other.getByTestId('overdose-card').count()).toBe(0);
    expect(await seriousA11yViolations(other)).toEqual([]);
  }, 90_000);

  it('should give a contact a "Call <name>" link on the alert when the member shares their phone with them, on the banner and in the inbox', async () => {
    const jo = await (await h.newContext()).newPage();
    await signIn(jo, demoEmail('jo'));
    await jo.goto('/#/find');
    const priya = await (await h.newContext()).newPage();
    await signIn(priya, demoEmail('priya'));
    await priya.goto('/#/inbox');

    const raised = await h.t.api.post<{ id: string }>('/cravings', { intensity: 6 }, as('sam'));
    expect(raised.status).toBe(201);
    try {
      // Jo (Sam shares his phone with Jo): the banner on any screen carries the call link.
      const banner = jo.locator('.banner');
      await banner.getByRole('link', { name: 'Call Sam K.' }).waitFor({ timeout: 5000 });
      expect(await banner.getByRole('link', { name: 'Call Sam K.' }).getAttribute('href')).toBe(`tel:${PHONES.sam}`);
      expect(await seriousA11yViolations(jo)).toEqual([]);
      await jo.goto('/#/inbox');
      const card = jo.locator('main .alert-card').filter({ hasText: 'Sam' });
      await card.getByRole('link', { name: 'Call Sam K.' }).waitFor();
      expect(await card.getByRole('link', { name: 'Call Sam K.' }).getAttribute('href')).toBe(`tel:${PHONES.sam}`);
      // Keyboard: the call link comes before the quick message.
      await jo.getByRole('heading', { name: 'Alerts for me' }).focus();
      await tabTo(jo, "(el.getAttribute('href') || '') === 'tel:" + PHONES.sam + "'");
      await jo.keyboard.press('Tab');
      expect(await jo.evaluate('document.activeElement.tagName')).toBe('INPUT');
      expect(await seriousA11yViolations(jo)).toEqual([]);
      await screenshot(jo, 'inbox-call');
      await jo.setViewportSize({ width: 320, height: 800 });
      expect(await horizontalOverflow(jo)).toBe(false);

      // Priya gets the alert too, but Sam does not share his phone with her: no call link.
      const priyaCard = priya.locator('main .alert-card').filter({ hasText: 'Sam' });
      await priyaCard.getByRole('button', { name: /respond/i }).waitFor({ timeout: 5000 });
      expect(await priyaCard.getByRole('link', { name: /^Call/ }).count()).toBe(0);
      expect(await seriousA11yViolations(priya)).toEqual([]);
    } finally {
      await h.t.api.post(`/cravings/${raised.body.id}/resolve`, { outcome: 'passed' }, as('sam'));
    }
    expect(h.foreignRequests()).toEqual([]);
  }, 90_000);

  async function register(displayName: string, email: string): Promise<string> {
    const res = await h.t.api.post<{ accessToken: string }>('/auth/register', { email, password: 'long-enough-pw', displayName });
    expect(res.status).toBe(201);
    return res.body.accessToken;
  }
});

/** Runs in the page before its scripts: counts the calls that would ask the browser where the person is. */
const countGeolocationCalls = `
  window.__geolocationCalls = 0;
  for (const name of ['getCurrentPosition', 'watchPosition']) {
    const original = Geolocation.prototype[name];
    Geolocation.prototype[name] = function (...args) {
      window.__geolocationCalls += 1;
      return original.apply(this, args);
    };
  }
`;

async function hrefs(links: Locator): Promise<(string | null)[]> {
  return Promise.all((await links.all()).map((link) => link.getAttribute('href')));
}

async function horizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
}

/** Presses Tab until the focused element `el` satisfies `condition` (page-side JS), at most 60 times. */
async function tabTo(page: Page, condition: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`((el) => Boolean(${condition}))(document.activeElement || document.body)`)) return;
  }
  throw new Error(`no focusable element matched ${condition}`);
}
