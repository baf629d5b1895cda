import type { Locator, Page } from 'playwright-core';
import { renderSVG } from 'uqr';
import {
  DEMO_PASSWORD,
  demoEmail,
  screenshot,
  seriousA11yViolations,
  signIn,
  startWebHarness,
  untilTrue,
  type WebHarness,
} from './browser';

type Tokens = { accessToken: string; user: { id: string } };
type Contact = { id: string; user: { displayName: string }; phone: string | null };
type Next = { contact: Contact | null; reason: string | null };
type AlertCircle = { members: { user: { displayName: string } }[] } | { user: { displayName: string } }[];

/** Presses Tab until the focused element `el` satisfies `condition` (page-side JS), at most 80 times. */
async function tabTo(page: Page, condition: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(
      `((el) => Boolean(${condition}))(document.activeElement || document.body)`,
    );
    if (found) return;
  }
  throw new Error(`no focusable element matched ${condition}`);
}

/** Content Security Policy reports and script errors a page logged (expected: none). */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

const noSideScroll = (page: Page): Promise<boolean> =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

/** "HH:MM" `hours` from now in `zone`. */
function localTimeIn(zone: string, hours: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + hours * 3600_000));
}

/**
 * Screen 4: Jo and Priya (demo members, both on Sam's list but not on each other's) swap a code in two browsers, one
 * showing it with its QR code, the other typing it; consent switches, hours, a practice call, the goal and the streak.
 */
describe('web: phone list and practice calls', () => {
  let h: WebHarness;
  const login = async (email: string, password = DEMO_PASSWORD): Promise<Tokens> =>
    (await h.t.api.post<Tokens>('/auth/login', { email, password })).body;

  beforeAll(async () => {
    h = await startWebHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  /** One story in steps (each its own test, in order): the two pages and what they share stay open between steps. */
  describe('Jo and Priya', () => {
    let jo: Page;
    let priya: Page;
    let joTokens: Tokens;
    let priyaTokens: Tokens;
    let joProblems: string[];
    let priyaProblems: string[];
    // Jo's card on Priya's list, Priya's card on Jo's list.
    const joList = (): Locator => jo.locator('section[aria-labelledby="phones-list-title"]');
    const priyaList = (): Locator => priya.locator('section[aria-labelledby="phones-list-title"]');
    const joCard = (): Locator =>
      priyaList().locator('li.contact', { has: priya.getByRole('heading', { name: 'Jo M.', level: 3 }) });
    const priyaCard = (): Locator =>
      joList().locator('li.contact', { has: jo.getByRole('heading', { name: 'Priya S.', level: 3 }) });
    const today = (): Locator => priya.locator('section[aria-labelledby="phones-today-title"]');
    const recent = (): Locator => priya.locator('section[aria-labelledby="phones-recent-title"]');

    beforeAll(async () => {
      joTokens = await login(demoEmail('jo'));
      priyaTokens = await login(demoEmail('priya'));
      expect(
        (await h.t.api.patch('/me', { phone: '+442079460123' }, { token: joTokens.accessToken })).status,
      ).toBe(200);
      jo = await (await h.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' })).newPage();
      priya = await (await h.newContext({ timezoneId: 'America/Los_Angeles', locale: 'en-US' })).newPage();
      joProblems = watchProblems(jo);
      priyaProblems = watchProblems(priya);
      await signIn(jo, demoEmail('jo'));
      await signIn(priya, demoEmail('priya'));
    }, 60_000);

    it('should swap a code, one showing it with its QR code and the other typing it (keyboard only), and list each other', async () => {
      // Jo, keyboard only: the navigation link, then "Show my code".
      await jo.goto('/#/find');
      await jo.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
      await tabTo(jo, "el.getAttribute('href') === '#/phones'");
      await jo.keyboard.press('Enter');
      await jo.getByRole('heading', { name: 'Phone list and practice calls', level: 1 }).waitFor();
      expect(await jo.evaluate('document.activeElement.id')).toBe('phones-title');
      // Jo's list is Sam (demo data); the first state of the screen.
      await joList().getByRole('heading', { name: 'Sam K.', level: 3 }).waitFor();
      expect(await seriousA11yViolations(jo)).toEqual([]);

      await tabTo(jo, "el.textContent === 'Show my code'");
      await jo.keyboard.press('Enter');
      const qr = jo.locator('img.qr');
      await qr.waitFor();
      // Focus goes to the code, so a screen reader reads it next.
      expect(await jo.evaluate('document.activeElement.id')).toBe('phones-code-title');
      const code = (await jo.locator('.invite-code').getAttribute('data-code')) ?? '';
      expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
      expect((await jo.locator('.invite-code').textContent())?.replace(/\s/g, '')).toBe(code);
      expect(await qr.getAttribute('alt')).toContain(code);
      await jo.getByText(/^Works once, until /).waitFor();
      // The QR code is an <img> of a data: SVG that the CSP lets through (it loaded), and it encodes the invite link.
      const src = (await qr.getAttribute('src')) ?? '';
      expect(src.startsWith('data:image/svg+xml,')).toBe(true);
      const expectedLink = `${h.t.baseUrl}/#/phones?code=${code}`;
      expect(decodeURIComponent(src.slice('data:image/svg+xml,'.length))).toBe(
        renderSVG(expectedLink, { ecc: 'M', border: 2, pixelSize: 8 }),
      );
      expect(
        await jo.evaluate(
          "(() => { const img = document.querySelector('img.qr'); return img.complete && img.naturalWidth > 0; })()",
        ),
      ).toBe(true);
      expect(await seriousA11yViolations(jo)).toEqual([]);
      await screenshot(jo, 'phones-invite-qr');
      await jo.setViewportSize({ width: 320, height: 800 });
      expect(await noSideScroll(jo)).toBe(true);
      await jo.setViewportSize({ width: 1280, height: 800 });

      // Priya, keyboard only: a wrong code first (plain words, tied to the field), then Jo's, typed in lower case with a dash.
      await priya.goto('/#/find');
      await priya.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
      await tabTo(priya, "el.getAttribute('href') === '#/phones'");
      await priya.keyboard.press('Enter');
      await priya.getByRole('heading', { name: 'Phone list and practice calls', level: 1 }).waitFor();
      await tabTo(priya, "el.id === 'phones-accept-code'");
      await priya.keyboard.type('ABCD-EFGH-JK');
      await priya.keyboard.press('Enter');
      const acceptForm = priya.getByRole('form', { name: 'Type a code' });
      await acceptForm.getByRole('alert').getByText('This code does not work', { exact: false }).waitFor();
      const input = priya.locator('#phones-accept-code');
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await input.getAttribute('aria-describedby')).toBe('phones-accept-error');
      expect(await seriousA11yViolations(priya)).toEqual([]);
      expect(await priya.evaluate('document.activeElement.id')).toBe('phones-accept-code');
      await priya.keyboard.press('Control+A');
      await priya.keyboard.type(`${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`);
      await priya.keyboard.press('Enter');
      await acceptForm
        .getByRole('status')
        .getByText('Jo M. is now on your phone list, and you are on theirs.')
        .waitFor();
      expect(await input.inputValue()).toBe('');
      expect(await input.getAttribute('aria-invalid')).toBeNull();
      await joCard().waitFor();
      expect(await joCard().locator('a[href^="tel:"]').count()).toBe(0);
      await joCard().getByText('Jo M. has not shared a phone number with you.').waitFor();

      // Jo's open page shows Priya at once (a live event), with a status line.
      await priyaCard().waitFor({ timeout: 5000 });
      await jo.getByRole('status').getByText('Priya S. is now on your phone list.').waitFor();
      // The same code does not work twice.
      expect(
        (
          await h.t.api.post(
            `/phone-list/invites/${code}/accept`,
            {},
            { token: (await login(demoEmail('alex'))).accessToken },
          )
        ).status,
      ).toBe(404);
    }, 120_000);

    it('should save a consent switch at once: a shared phone is a tel: link for the other after a reload', async () => {
      // Jo shares her phone with Priya: a real switch, saved at once.
      const share = priyaCard().getByRole('switch', { name: 'Show my phone number to Priya S.' });
      expect(await share.getAttribute('aria-checked')).toBe('false');
      await share.focus();
      await jo.keyboard.press('Space');
      await priyaCard().getByRole('status').getByText('Saved: Priya S. sees your phone number.').waitFor();
      expect(await share.getAttribute('aria-checked')).toBe('true');
      expect(await seriousA11yViolations(jo)).toEqual([]);

      // Priya, after a reload, can call Jo; and she agrees to receive Jo's alerts, which puts her in Jo's alert circle.
      await priya.reload();
      await joCard().locator('a[href="tel:+442079460123"]').waitFor();
      expect(await joCard().locator('a[href^="tel:"]').textContent()).toBe('Call Jo M. (+442079460123)');
      const receive = joCard().getByRole('switch', { name: 'Receive Jo M.’s craving alerts' });
      await receive.click();
      await joCard()
        .getByRole('status')
        .getByText('Saved: you receive Jo M.’s craving alerts.', { exact: false })
        .waitFor();
      expect(await receive.getAttribute('aria-checked')).toBe('true');
      const circle = (await h.t.api.get<AlertCircle>('/me/alert-circle', { token: joTokens.accessToken }))
        .body;
      expect(JSON.stringify(circle)).toContain('Priya S.');
      // Jo sees it after a reload: "Priya S. receives your craving alerts".
      await jo.reload();
      await priyaCard().getByText('Priya S. receives your craving alerts.').waitFor();
    }, 120_000);

    it('should suggest who to call next, and count a logged practice call toward today’s goal and the streak', async () => {
      // Who to call next: the API's suggestion, shown with the opener.
      const next = (await h.t.api.get<Next>('/practice-calls/next', { token: priyaTokens.accessToken })).body;
      expect(next.contact).not.toBeNull();
      await today()
        .getByText(`${next.contact?.user.displayName ?? '?'} is available now`, { exact: false })
        .waitFor();
      await today().getByText('I’m just practising reaching out', { exact: false }).waitFor();
      const todayCount = today().locator('.stats li strong').first();
      expect(await todayCount.textContent()).toBe('0 of 1');

      // Priya logs a practice call to Jo: today 1 of 1, streak 1.
      const log = priya.getByRole('form', { name: 'Log a practice call' });
      await log.getByLabel('Who did you call?').selectOption({ label: 'Jo M.' });
      await log.getByLabel('I left a voicemail').check();
      await log.getByLabel(/^Note for yourself/).fill('said hi');
      await log.getByRole('button', { name: 'Log the call' }).click();
      await log.getByRole('status').getByText('Logged your call to Jo M.', { exact: false }).waitFor();
      await today()
        .locator('.stats li strong')
        .first()
        .filter({ hasText: /^1 of 1$/ })
        .waitFor();
      const streak = today()
        .locator('.stats li', { hasText: 'days in a row with your goal met' })
        .locator('strong');
      expect(await streak.textContent()).toBe('1');
      await today().getByText('Today’s goal is met.', { exact: false }).waitFor();
      await recent()
        .locator('li.call-item', { hasText: 'Jo M. · I left a voicemail' })
        .getByText('said hi')
        .waitFor();
      await joCard().getByText('Practice calls to them: 1', { exact: false }).waitFor();
      // Who to call next now skips Jo, called a moment ago (Sam was never called).
      await today().getByText('Sam K. is available now', { exact: false }).waitFor();
      expect(await seriousA11yViolations(priya)).toEqual([]);
      await screenshot(priya, 'phones-list');
      for (const width of [640, 320]) {
        await priya.setViewportSize({ width, height: 800 });
        expect(await noSideScroll(priya)).toBe(true);
      }
      await priya.setViewportSize({ width: 1280, height: 800 });

      // The goal: 11 is refused under the field; 2 with a reminder is saved, and today is 1 of 2.
      const goal = priya.getByRole('form', { name: 'Goal and reminder' });
      await goal.getByLabel(/^Practice calls a day/).fill('11');
      await goal.getByRole('button', { name: 'Save goal' }).click();
      await goal
        .locator('.field-error', { hasText: 'dailyGoal must be a whole number from 1 to 10' })
        .waitFor();
      expect(await goal.getByLabel(/^Practice calls a day/).getAttribute('aria-invalid')).toBe('true');
      expect(await seriousA11yViolations(priya)).toEqual([]);
      await goal.getByLabel(/^Practice calls a day/).fill('2');
      await goal.getByLabel(/^Daily reminder/).fill('19:30');
      await goal.getByRole('button', { name: 'Save goal' }).click();
      await goal.getByRole('status').getByText('Saved: 2 a day, reminder at 19:30.').waitFor();
      await today()
        .locator('.stats li strong')
        .first()
        .filter({ hasText: /^1 of 2$/ })
        .waitFor();
      expect(await streak.textContent()).toBe('0');
      expect(
        (await h.t.api.get('/practice-calls/settings', { token: priyaTokens.accessToken })).body,
      ).toEqual({ dailyGoal: 2, reminderTime: '19:30' });

      // Delete the call: gone from the list, today back to 0.
      await recent()
        .getByRole('button', { name: /^Delete the call to Jo M\. on / })
        .click();
      await recent().getByRole('status').getByText('The call was deleted.').waitFor();
      await recent().getByText('No practice calls logged yet.').waitFor();
      await today()
        .locator('.stats li strong')
        .first()
        .filter({ hasText: /^0 of 2$/ })
        .waitFor();
    }, 120_000);

    it('should save my hours for a contact, and remove a contact after confirming', async () => {
      // Jo's hours for Priya: one window that starts two hours from now, so Priya sees Jo as not available now.
      await priyaCard().getByRole('button', { name: 'When Priya S. may call me' }).click();
      const hours = priyaCard().getByRole('form', { name: 'When Priya S. may call me' });
      await hours.getByText('No hours set: Priya S. may call you any time.').waitFor();
      await hours.getByRole('button', { name: 'Add hours' }).click();
      const first = hours.getByRole('group', { name: 'Hours 1' });
      for (const day of ['Saturday', 'Sunday']) await first.getByLabel(day).check();
      const [start, end] = [localTimeIn('Europe/London', 2), localTimeIn('Europe/London', 3)];
      await first.getByLabel('From').fill(start);
      await first.getByLabel('To').fill(end);
      expect(await seriousA11yViolations(jo)).toEqual([]);
      // A window with no day is refused, named under its days.
      await hours.getByRole('button', { name: 'Add hours' }).click();
      const second = hours.getByRole('group', { name: 'Hours 2' });
      for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
        await second.getByLabel(day).uncheck();
      await hours.getByRole('button', { name: 'Save my hours' }).click();
      await second.locator('.field-error', { hasText: 'days must list at least one day' }).waitFor();
      await second.getByRole('button', { name: 'Remove hours 2' }).click();
      await hours.getByRole('button', { name: 'Save my hours' }).click();
      await hours.getByRole('status').getByText('Saved: Priya S. sees when you may be called.').waitFor();
      await priya.reload();
      await joCard().getByText('Not available now').waitFor();
      await joCard()
        .getByText(
          `Jo M. can be called: Mon, Tue, Wed, Thu, Fri, Sat, Sun ${start}–${end} (Europe/London time).`,
        )
        .waitFor();

      // Priya removes Jo, after confirming; Jo's open page drops Priya live.
      await joCard().getByRole('button', { name: 'Remove Jo M.' }).click();
      const confirm = joCard().getByRole('group', { name: /^Remove Jo M\. from your phone list\?/ });
      await confirm.waitFor();
      expect(await priya.evaluate('document.activeElement.textContent')).toBe('Yes, remove Jo M.');
      expect(await seriousA11yViolations(priya)).toEqual([]);
      await confirm.getByRole('button', { name: 'Keep' }).click();
      expect(await confirm.count()).toBe(0);
      await joCard().getByRole('button', { name: 'Remove Jo M.' }).click();
      await confirm.getByRole('button', { name: 'Yes, remove Jo M.' }).click();
      await priya.getByRole('status').getByText('Jo M. was removed from your phone list.').waitFor();
      expect(await joCard().count()).toBe(0);
      expect(await priya.evaluate('document.activeElement.id')).toBe('phones-list-title');
      await jo
        .getByRole('status')
        .getByText('Priya S. is no longer on your phone list.')
        .waitFor({ timeout: 5000 });
      expect(await priyaCard().count()).toBe(0);
      // Nothing the CSP refused, no script error, no request to another origin, in the whole story.
      expect(joProblems).toEqual([]);
      expect(priyaProblems).toEqual([]);
      expect(h.foreignRequests()).toEqual([]);
    }, 120_000);
  });

  it('should fill the code in from an invite link, after signing in first, and say when too many codes were tried', async () => {
    const email = 'newcomer@example.org';
    const password = 'long-enough-pw';
    const registered = await h.t.api.post<Tokens>('/auth/register', { email, password, displayName: 'Nico' });
    expect(registered.status).toBe(201);
    const sam = await login(demoEmail('sam'));
    const invite = await h.t.api.post<{ code: string }>(
      '/phone-list/invites',
      {},
      { token: sam.accessToken },
    );
    expect(invite.status).toBe(201);

    // Signed out, the link (what the QR code encodes) leads to sign in, then back to the phone list with the code filled in.
    const page = await (await h.newContext({ locale: 'en-US' })).newPage();
    const problems = watchProblems(page);
    await page.goto(`/#/phones?code=${invite.body.code}`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Phone list and practice calls', level: 1 }).waitFor();
    const input = page.locator('#phones-accept-code');
    await untilTrue(page, `document.getElementById('phones-accept-code')?.value === '${invite.body.code}'`);
    // The code left the address bar once it was in the form.
    expect(await page.evaluate('location.hash')).toBe('#/phones');
    await page
      .getByRole('status')
      .getByText('The code from the link is filled in', { exact: false })
      .waitFor();
    // Nobody yet: no contacts, and who to call next says so in plain words.
    await page.getByText('Nobody yet. Add someone above.').waitFor();
    await page.getByText('Your phone list is empty.', { exact: false }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add to my phone list' }).click();
    await page.getByText('Sam K. is now on your phone list, and you are on theirs.').waitFor();
    const list = (await h.t.api.get<Contact[]>('/phone-list', { token: registered.body.accessToken })).body;
    expect(list.map((c) => c.user.displayName)).toEqual(['Sam K.']);

    // Wrong codes spend a budget (10 per 10 minutes per member); then the form says when to try again.
    for (let i = 0; i < 10; i++) {
      const wrong = await h.t.api.post(
        `/phone-list/invites/ABCDEFGH${'JK'[i % 2]}${i + 2}/accept`,
        {},
        { token: registered.body.accessToken },
      );
      expect(wrong.status).toBe(404);
    }
    await input.fill('ABCDEFGHJK');
    await page.getByRole('button', { name: 'Add to my phone list' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Too many codes tried\. Try again in \d+ min\.$/)
      .waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    // An empty code is not sent at all.
    await input.fill('');
    await page.getByRole('button', { name: 'Add to my phone list' }).click();
    await page.getByRole('alert').getByText('Type the code first.').waitFor();

    // In Spanish, the same screen is complete and axe-clean.
    await page.getByLabel('Language').selectOption('es');
    await page
      .getByRole('heading', { name: 'Lista de teléfonos y llamadas de práctica', level: 1 })
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await noSideScroll(page)).toBe(true);
    expect(problems).toEqual([]);
  }, 90_000);
});
