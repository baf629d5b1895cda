import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { linkContacts, setContactSettings } from '../factories/contact.factory';
import { registerMember, type TestMember } from '../factories/member.factory';
import { updateMemberProfile } from '../factories/sponsorship.factory';
import { screenshot, seriousA11yViolations, signIn, startWebHarness, type WebHarness } from './browser';

type Profile = {
  displayName: string;
  timezone: string;
  country: string | null;
  phone: string | null;
  cleanDate: string | null;
  fellowships: string[];
  languages: string[];
  copingList: string[];
};

/** Presses Tab until the focused element `el` satisfies `condition` (page-side JS), at most 80 times. */
async function tabTo(page: Page, condition: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(`((el) => Boolean(${condition}))(document.activeElement || document.body)`);
    if (found) return;
  }
  throw new Error(`no focusable element matched ${condition}`);
}

const focusedId = (page: Page): Promise<string> => page.evaluate('document.activeElement?.id ?? ""');
const noSideScroll = (page: Page): Promise<boolean> => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

/**
 * Polls `expression` (page-side JS) from here until it is true, for at most 5 s. Not page.waitForFunction with a
 * string: the page's CSP (no 'unsafe-eval') refuses that as soon as it has to poll.
 */
async function until(page: Page, expression: string, failure: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (await page.evaluate(`Boolean(${expression})`)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(await failure());
}

/** Waits (the screen re-renders, then moves the focus) until the element with `id` has the focus. */
const focusOn = (page: Page, id: string): Promise<void> =>
  until(page, `document.activeElement?.id === ${JSON.stringify(id)}`, async () => `the focus is on #${await focusedId(page)}, not #${id}`);

/** Waits until the coping list on the screen is `expected`, in that order. */
const copingListIs = (page: Page, expected: string[]): Promise<void> =>
  until(
    page,
    `JSON.stringify([...document.querySelectorAll('.coping-list .coping-text')].map((e) => e.textContent)) === ${JSON.stringify(JSON.stringify(expected))}`,
    async () => `the list is ${JSON.stringify(await page.locator('.coping-list .coping-text').allTextContents())}, not ${JSON.stringify(expected)}`,
  );

/** Screen 7, Me (issue 10), and the sign-up form's detected time zone and country. */
describe('web: Me', () => {
  let h: WebHarness;

  beforeAll(async () => {
    h = await startWebHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  const me = async (member: TestMember) => (await h.t.api.get<Profile>('/me', { token: member.accessToken })).body;

  /** A member signed in in a new browser, on the Me screen (reached with the keyboard from the nav). */
  async function openMe(member: TestMember, options: Parameters<WebHarness['newContext']>[0] = {}): Promise<Page> {
    const page = await (await h.newContext({ locale: 'en-US', ...options })).newPage();
    await signIn(page, member.email, member.password);
    await tabTo(page, "el.getAttribute('href') === '#/me'");
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Me', level: 1 }).waitFor();
    // Focus moves to the screen's heading on arrival.
    await focusOn(page, 'me-title');
    await page.getByRole('heading', { name: 'Profile', level: 2 }).waitFor();
    return page;
  }

  it('should detect the time zone and country on sign-up, show them to change, and send them to the API', async () => {
    const page = await (await h.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' })).newPage();
    await page.goto('/#/register');
    await page.getByRole('heading', { name: 'Crear una cuenta', level: 1 }).waitFor();
    const zone = page.getByLabel('Zona horaria');
    const country = page.getByLabel('País');
    expect(await zone.inputValue()).toBe('America/Mexico_City');
    expect(await country.inputValue()).toBe('MX');
    expect(await country.locator('option:checked').textContent()).toBe('México');
    await page.getByText('Rellenamos tu zona horaria y tu país').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'signup-detected');

    // Keyboard only: the fields in order, the detected ones kept, the form sent with Enter.
    const email = `ana-${Date.now()}@example.org`;
    await page.getByLabel('Nombre o apodo').focus();
    await page.keyboard.type('Ana M.');
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('long-enough-pw');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('signup-timezone');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('signup-country');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Crear cuenta');
    await page.keyboard.press('Enter');
    await page.locator('body[data-live="on"]').waitFor({ timeout: 10_000 });

    const login = await h.t.api.post<{ user: Profile }>('/auth/login', { email, password: 'long-enough-pw' });
    expect(login.body.user).toMatchObject({ displayName: 'Ana M.', timezone: 'America/Mexico_City', country: 'MX', copingList: [] });

    // en-GB → GB; a language without a region → no country; the member's change is what is sent.
    const british = await (await h.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' })).newPage();
    await british.goto('/#/register');
    expect(await british.getByLabel('Country').inputValue()).toBe('GB');
    const plain = await (await h.newContext({ locale: 'en', timezoneId: 'Asia/Tokyo' })).newPage();
    await plain.goto('/#/register');
    expect(await plain.getByLabel('Country').inputValue()).toBe('');
    expect(await plain.getByLabel('Time zone').inputValue()).toBe('Asia/Tokyo');
    const other = `tomo-${Date.now()}@example.org`;
    await plain.getByLabel('First name or nickname').fill('Tomo');
    await plain.getByLabel('Email').fill(other);
    await plain.getByLabel('Password').fill('long-enough-pw');
    await plain.getByLabel('Time zone').selectOption('Asia/Seoul');
    await plain.getByLabel('Country').selectOption('KR');
    await plain.getByRole('button', { name: 'Create account' }).click();
    await plain.locator('body[data-live="on"]').waitFor({ timeout: 10_000 });
    const tomo = await h.t.api.post<{ user: Profile }>('/auth/login', { email: other, password: 'long-enough-pw' });
    expect(tomo.body.user).toMatchObject({ timezone: 'Asia/Seoul', country: 'KR' });

    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto('/#/register');
    await page.getByLabel('País').waitFor();
    expect(await noSideScroll(page)).toBe(true);
    expect(h.foreignRequests()).toEqual([]);
  }, 240_000);

  it('should edit the profile with clear messages, and keep a coping list added, reordered and saved with the keyboard across a reload', async () => {
    const member = await registerMember(h.t.api, { displayName: 'Rowan' });
    const page = await openMe(member, { timezoneId: 'America/Chicago' });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A phone that is not a phone number: the API's message under the field, tied to it.
    const phone = page.getByLabel(/^Phone number/);
    await phone.fill('555');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('alert').filter({ hasText: 'Some fields need a change' }).waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await phone.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).toContain('profile-phone-hint');
    const errorText = await page.locator(`[id="${describedBy.split(' ').find((id) => id.endsWith('-error'))}"]`).textContent();
    expect(errorText).toContain('phone must be a phone number in international form');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Who sees the phone is said next to it.
    await page.getByText('Private. Only the people on your phone list you choose to share it with see it.').waitFor();
    await page.getByLabel('First name or nickname (what others see)').fill('Rowan T.');
    await page.getByLabel('Time zone').selectOption('America/Denver');
    await page.getByLabel('Country', { exact: true }).selectOption('CA');
    await phone.fill('+1 415 555 0123');
    await page.getByLabel('Clean date (optional)').fill('2024-03-01');
    await page.getByLabel('Narcotics Anonymous', { exact: false }).check();
    await page.getByLabel(/^Languages you can talk in/).fill('en, fr');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    expect(await me(member)).toMatchObject({
      displayName: 'Rowan T.',
      timezone: 'America/Denver',
      country: 'CA',
      phone: '+14155550123',
      cleanDate: '2024-03-01',
      fellowships: ['NA'],
      languages: ['en', 'fr'],
    });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The coping list, keyboard only: three added with Enter ...
    await tabTo(page, "el.id === 'coping-new'");
    for (const item of ['Call my sponsor', 'Walk around the block', 'Drink a glass of water']) {
      await page.keyboard.type(item);
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: `Added “${item}”` }).waitFor();
    }
    // ... the same one again is refused with a message ...
    await page.keyboard.type('Call my sponsor');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '“Call my sponsor” is already on your list.' }).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await copingListIs(page, ['Call my sponsor', 'Walk around the block', 'Drink a glass of water']);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // ... the last one moved to the top: focus stays on the item as it moves (up, then down when at the top).
    await page.locator('#coping-up-2').focus();
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('Move up: Drink a glass of water');
    expect(await page.getByRole('button', { name: 'Move up: Drink a glass of water', exact: true }).count()).toBe(1);
    await page.keyboard.press('Enter');
    await focusOn(page, 'coping-up-1');
    await page.getByRole('status').filter({ hasText: '“Drink a glass of water” is now number 2 of 3.' }).waitFor();
    await page.keyboard.press('Enter');
    await focusOn(page, 'coping-down-0');
    await copingListIs(page, ['Drink a glass of water', 'Call my sponsor', 'Walk around the block']);
    // ... one moved down with Space, one removed, then saved.
    await tabTo(page, "el.id === 'coping-down-1'");
    await page.keyboard.press('Space');
    await copingListIs(page, ['Drink a glass of water', 'Walk around the block', 'Call my sponsor']);
    await tabTo(page, "el.id === 'coping-remove-0'");
    await page.keyboard.press('Enter');
    await copingListIs(page, ['Walk around the block', 'Call my sponsor']);
    await focusOn(page, 'coping-remove-0');
    await page.getByText('You have changes that are not saved yet.').waitFor();
    await tabTo(page, "el.textContent === 'Save coping list'");
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Coping list saved.' }).waitFor();
    expect((await me(member)).copingList).toEqual(['Walk around the block', 'Call my sponsor']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'me-profile');

    // After a reload the list is the saved one, in its order.
    await page.reload();
    await page.getByRole('heading', { name: 'My coping list' }).waitFor();
    await copingListIs(page, ['Walk around the block', 'Call my sponsor']);

    // The whole screen at 320 px (400 % zoom of a 1280 px window) and in Spanish: no sideways scroll, axe-clean.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await noSideScroll(page)).toBe(true);
    await page.locator('label.lang select').selectOption('es');
    await page.getByRole('heading', { name: 'Mis datos', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Subir: Call my sponsor' }).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(h.foreignRequests()).toEqual([]);
  }, 240_000);

  it('should save the escalation policy (first responders from the alert circle, timings in minutes) and the lock-screen switch', async () => {
    const member = await registerMember(h.t.api, { displayName: 'Quinn' });
    const [kai, lee, mo] = await Promise.all(['Kai', 'Lee', 'Mo'].map((displayName) => registerMember(h.t.api, { displayName })));
    for (const contact of [kai, lee]) {
      const pair = await linkContacts(h.t.api, member, contact);
      await setContactSettings(h.t.api, contact, pair.contactContactId, { acceptsAlerts: true });
    }
    await linkContacts(h.t.api, member, mo); // on the phone list, but does not accept Quinn's alerts

    const page = await openMe(member);
    const section = page.getByRole('form', { name: 'When you ask for help' });
    await section.getByLabel('Kai').waitFor();
    // Only those who accept the member's alerts can be chosen.
    expect(await section.getByLabel('Mo').count()).toBe(0);
    expect(await section.getByLabel(/^Page the next two people after/).inputValue()).toBe('2');
    expect(await section.getByLabel(/^Page everyone else/).inputValue()).toBe('5');
    expect(await section.getByLabel(/^Tell me nobody has answered/).inputValue()).toBe('10');

    // Out of order: said plainly, nothing sent.
    await section.getByLabel(/^Page the next two people after/).fill('6');
    await section.getByRole('button', { name: 'Save alert settings' }).click();
    await section.getByRole('alert').filter({ hasText: 'The steps must come in order' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await section.getByLabel('Lee').check();
    await section.getByLabel(/^Page the next two people after/).fill('1');
    await section.getByLabel(/^Page everyone else/).fill('3');
    await section.getByLabel(/^Tell me nobody has answered/).fill('8');
    await section.getByLabel(/my sponsees’ alerts reach me/).uncheck();
    await section.getByLabel(/overdose-risk card/).check();
    await section.getByRole('button', { name: 'Save alert settings' }).click();
    await section.getByRole('status').filter({ hasText: 'Saved. Alerts you raise from now on follow these settings.' }).waitFor();
    const policy = await h.t.api.get('/me/escalation-policy', { token: member.accessToken });
    expect(policy.body).toEqual({
      firstResponderIds: [lee.id],
      nextContactsAfterSeconds: 60,
      everyoneAfterSeconds: 180,
      nobodyAnsweredAfterSeconds: 480,
      sponsorBreakthrough: false,
      overdoseRiskCard: true,
    });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The lock-screen switch saves at once; both cases are spelled out.
    const lock = page.getByRole('region', { name: 'What your lock screen shows' });
    await lock.getByText('Off: “Alex is asking for a call”.').waitFor();
    await lock.getByText('On: “Alex flagged a craving (intensity 7/10)”.').waitFor();
    const toggle = lock.getByRole('switch', { name: /Say “craving” and how strong it is/ });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.focus();
    await page.keyboard.press('Space');
    await lock.getByRole('status').filter({ hasText: 'Saved: your lock screen now says “craving”' }).waitFor();
    const prefs = await h.t.api.get<{ showCravingDetails: boolean }>('/me/notification-preferences', { token: member.accessToken });
    expect(prefs.body.showCravingDetails).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The "nobody has answered" call needs a phone: said plainly, nothing saved, the lock-screen choice kept.
    const calls = page.getByRole('region', { name: 'A phone call when nobody has answered' });
    const callToggle = calls.getByRole('switch', { name: 'Call me when nobody has answered a sponsee’s alert' });
    expect(await callToggle.isChecked()).toBe(false);
    await callToggle.click();
    await calls.getByRole('alert').filter({ hasText: 'Add your phone number above first' }).waitFor();
    expect(await callToggle.isChecked()).toBe(false);
    await updateMemberProfile(h.t.api, member, { phone: '+14155552142' });
    await callToggle.click();
    await calls.getByRole('status').filter({ hasText: 'Saved: we will call you when nobody has answered' }).waitFor();
    const both = await h.t.api.get<{ showCravingDetails: boolean; callMeWhenNobodyAnswers: boolean }>(
      '/me/notification-preferences',
      { token: member.accessToken },
    );
    expect(both.body).toMatchObject({ showCravingDetails: true, callMeWhenNobodyAnswers: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.reload();
    const lockSwitch = page.getByRole('switch', { name: /Say “craving” and how strong it is/ });
    await lockSwitch.waitFor();
    expect(await lockSwitch.isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: /Call me when nobody has answered/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Lee').isChecked()).toBe(true);
    expect(await page.getByLabel(/^Tell me nobody has answered/).inputValue()).toBe('8');
  }, 240_000);

  it('should list and unblock blocked members, and download the export as a JSON file with the member’s email', async () => {
    const member = await registerMember(h.t.api, { displayName: 'Sky' });
    const blocked = await registerMember(h.t.api, { displayName: 'Blocked B.' });
    expect((await h.t.api.post('/blocks', { userId: blocked.id }, { token: member.accessToken })).status).toBe(204);
    await h.t.api.patch('/me', { copingList: ['Breathe out slowly'] }, { token: member.accessToken });

    const page = await openMe(member);
    const blocks = page.getByRole('region', { name: 'Blocked members' });
    await blocks.getByText('Blocked B.', { exact: true }).waitFor();
    await blocks.getByRole('button', { name: 'Unblock Blocked B.' }).click();
    await blocks.getByRole('status').filter({ hasText: 'You unblocked Blocked B.' }).waitFor();
    await blocks.getByText('You have not blocked anyone.').waitFor();
    expect((await h.t.api.get<unknown[]>('/blocks', { token: member.accessToken })).body).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^homegroup-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { userId: string; account: { email: string; copingList: string[] } };
    expect(exported.userId).toBe((await me(member) as unknown as { id: string }).id);
    expect(exported.account.email).toBe(member.email);
    expect(exported.account.copingList).toEqual(['Breathe out slowly']);
    await page.getByRole('status').filter({ hasText: `Downloaded ${download.suggestedFilename()}.` }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 240_000);

  it('should sign out everywhere: this page is signed out, and another browser’s next refresh fails', async () => {
    const member = await registerMember(h.t.api);
    const other = await (await h.newContext({ locale: 'en-US' })).newPage();
    await signIn(other, member.email, member.password);
    // The other browser's session works: a refresh in cookie mode answers 200 (and rotates its cookie).
    const refresh = (page: Page) =>
      page.evaluate(async () => {
        const res = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json', 'x-homegroup-session': 'cookie' }, body: '{}' });
        return res.status;
      });
    expect(await refresh(other)).toBe(200);

    const page = await openMe(member);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'You are signed out on every device.' }).waitFor();
    expect(await page.getByRole('link', { name: 'Me', exact: true }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // This page has no session left: the Me screen sends it to sign in.
    await page.goto('/#/me');
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();

    expect(await refresh(other)).toBe(401);
    await other.reload();
    await other.getByRole('link', { name: 'Sign in' }).waitFor();
    await other.goto('/#/me');
    await other.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  }, 240_000);

  it('should delete the account only after a confirmation that says what is erased, then sign out and say goodbye', async () => {
    const member = await registerMember(h.t.api, { displayName: 'Leaving L.', email: 'leaving.l@example.org' });
    const page = await openMe(member);
    const section = page.getByRole('region', { name: 'Delete my account', exact: true });

    // Keyboard only: open the confirmation, whose heading takes the focus.
    await tabTo(page, "el.textContent === 'Delete my account…'");
    await page.keyboard.press('Enter');
    await section.getByRole('heading', { name: 'Delete your account for good?', level: 3 }).waitFor();
    await focusOn(page, 'me-delete-confirm-title');
    await section.getByText('your profile, phone number, clean date and coping list').waitFor();
    await section.getByText('This cannot be undone.', { exact: false }).waitFor();
    const erase = section.getByRole('button', { name: 'Delete my account for good' });
    expect(await erase.isDisabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'me-delete-confirm', false);

    // Cancel keeps everything and gives the focus back.
    await tabTo(page, "el.textContent === 'Keep my account'");
    await page.keyboard.press('Enter');
    await until(page, "document.activeElement?.textContent === 'Delete my account…'", () => Promise.resolve('the focus did not come back to “Delete my account…”'));
    await page.keyboard.press('Enter');
    // The reopened confirmation moves the focus to its heading once drawn: wait for that before tabbing on, or the
    // move can land after the tabbing and take the typing away from the field.
    await focusOn(page, 'me-delete-confirm-title');

    await tabTo(page, "el.id === 'delete-confirm-input'");
    await page.keyboard.type('not my email');
    const eraseDisabled = "document.querySelector('.delete-confirm button[type=submit]').disabled";
    await until(page, `${eraseDisabled} && document.getElementById('delete-confirm-input').value === 'not my email'`, () =>
      Promise.resolve('the delete button is on with a wrong answer'),
    );
    await page.keyboard.press('Control+A');
    await page.keyboard.type(member.email.toUpperCase());
    await until(page, `!${eraseDisabled}`, () => Promise.resolve('the delete button stays off with the email typed'));
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
    const goodbye = page.getByRole('status').filter({ hasText: 'Your account is deleted. Thank you for being part of Homegroup.' });
    await goodbye.waitFor();
    expect(await page.evaluate('document.activeElement.classList.contains("goodbye")')).toBe(true);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    expect((await h.t.api.post('/auth/login', { email: member.email, password: member.password })).status).toBe(401);
    const rows = await h.t.app.get(DataSource).query<{ n: number }[]>('SELECT count(*)::int AS n FROM users WHERE id = $1', [member.id]);
    expect(rows[0].n).toBe(0);
    // The goodbye is for this moment only: a reload shows the finder as for anyone.
    await page.reload();
    await page.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
    expect(await goodbye.count()).toBe(0);
    expect(h.foreignRequests()).toEqual([]);
  }, 240_000);
});
