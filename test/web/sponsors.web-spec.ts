import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { Clock } from '@homegroup/operations';
import { SponsorshipsService } from '@homegroup/sponsorship';
import { DEMO_PASSWORD, demoEmail, screenshot, seriousA11yViolations, signIn, startWebHarness, type WebHarness } from './browser';

type Sponsorship = { id: string; status: string; kind: string; role: string; reviewAt?: string; reviewDue?: boolean };
type Tokens = { accessToken: string; user: { id: string } };

/** Presses Tab until the focused element `el` satisfies `condition` (page-side JS), at most 80 times. */
async function tabTo(page: Page, condition: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(`((el) => Boolean(${condition}))(document.activeElement || document.body)`);
    if (found) return;
  }
  throw new Error(`no focusable element matched ${condition}`);
}

/** With a closed <select> focused, ArrowDown until it holds `value` (what a keyboard user does). */
async function arrowTo(page: Page, value: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if ((await page.evaluate('document.activeElement.value')) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the focused select never reached ${value}`);
}

const noSideScroll = (page: Page): Promise<unknown> => page.evaluate('document.documentElement.scrollWidth > window.innerWidth');

/**
 * Screen 5 in two browsers, on the real app and database: Casey (a new member) finds Alex (demo sponsor) with the
 * keyboard alone and asks for a temporary sponsor; Alex's open page shows the request live and accepts; the review
 * comes due (review date moved into the past in SQL, then the maintenance pass sends `sponsorship.review-due`);
 * Alex keeps going, Casey makes Alex their sponsor early, then ends it. Every state is axe-checked.
 */
describe('web: sponsorship', () => {
  let h: WebHarness;

  beforeAll(async () => {
    h = await startWebHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('should let a member find a sponsor and ask with the keyboard, the sponsor accept live, review, make primary and end', async () => {
    const api = h.t.api;
    // Casey: a new member in NA who speaks Spanish, with a clean date before Alex's (so the API warns).
    const casey = (await api.post<Tokens>('/auth/register', { email: 'casey@example.org', password: 'long-enough-pw', displayName: 'Casey N.' })).body;
    expect((await api.patch('/me', { fellowships: ['NA'], languages: ['en', 'es'], cleanDate: '2020-01-01' }, { token: casey.accessToken })).status).toBe(200);
    const alex = (await api.post<Tokens>('/auth/login', { email: demoEmail('alex'), password: DEMO_PASSWORD })).body;
    expect((await api.patch('/me', { cleanDate: '2024-01-01' }, { token: alex.accessToken })).status).toBe(200);
    // Morgan: another sponsor, English only, with a position in Brooklyn (for "Near me").
    const morgan = (await api.post<Tokens>('/auth/register', { email: 'morgan@example.org', password: 'long-enough-pw', displayName: 'Morgan T.' })).body;
    await api.patch('/me', { fellowships: ['NA'], languages: ['en'] }, { token: morgan.accessToken });
    const offered = await api.put('/me/sponsor-profile', { available: true, maxSponsees: 2, fellowships: ['NA'], languages: ['en'], region: 'Brooklyn', bio: 'Ten years clean, NA home group in Brooklyn.', location: { lat: 40.68, lng: -73.94 } }, { token: morgan.accessToken });
    expect(offered.status).toBe(200);

    // Alex has the sponsorship screen open.
    const alexPage = await (await h.newContext({ locale: 'en-US', timezoneId: 'America/New_York' })).newPage();
    await signIn(alexPage, demoEmail('alex'));
    await alexPage.goto('/#/sponsors');
    await alexPage.getByRole('heading', { name: 'Sponsorship', level: 1 }).waitFor();
    // The demo: Alex sponsors Sam.
    await alexPage.getByText('You are Sam K.’s sponsor in Narcotics Anonymous').waitFor();
    expect(await alexPage.getByRole('heading', { name: /Requests waiting for you/ }).count()).toBe(0);
    expect(await seriousA11yViolations(alexPage)).toEqual([]);

    const page = await (
      await h.newContext({ locale: 'en-US', timezoneId: 'America/New_York', geolocation: { latitude: 40.7128, longitude: -74.006 }, permissions: ['geolocation'] })
    ).newPage();
    await signIn(page, 'casey@example.org', 'long-enough-pw');

    // Keyboard only: the navigation link, the filters, the search, "Ask", the kind, the request.
    await page.goto('/#/find');
    await page.getByRole('heading', { name: 'Find a meeting', level: 1 }).waitFor();
    await tabTo(page, "el.getAttribute('href') === '#/sponsors'");
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sponsorship', level: 1 }).waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('sponsors-title');
    await page.getByText('No sponsorships or requests yet').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await tabTo(page, "el.id === 'sp-find-language'");
    await arrowTo(page, 'es');
    await tabTo(page, "el.tagName === 'BUTTON' && el.textContent === 'Search'");
    await page.keyboard.press('Enter');
    await page.getByText('Sponsors found: 1').waitFor();
    const results = page.locator('ol.sponsors > li');
    expect(await results.locator('h3').allTextContents()).toEqual(['Alex R.']);
    // Discovery shows no contact detail.
    const shown = (await results.first().textContent()) ?? '';
    expect(shown).not.toMatch(/@|\d{6,}/);
    expect(shown).toContain('Spanish');
    await tabTo(page, "el.textContent === 'Ask Alex R. to sponsor me'");
    await page.keyboard.press('Enter');
    const askForm = page.getByRole('form', { name: 'Ask Alex R.' });
    await askForm.waitFor();
    expect(await page.evaluate('document.activeElement.tagName')).toBe('SELECT');
    expect(await askForm.getByLabel('Fellowship').inputValue()).toBe('NA');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.value')).toBe('sponsor');
    await page.keyboard.press('ArrowDown');
    expect(await askForm.getByLabel(/^Temporary sponsor/).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('30');
    expect(await page.evaluate('document.activeElement.name')).toBe('reviewInDays');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sponsors-find');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Send request');
    await page.keyboard.press('Enter');
    const sent = results.first().getByRole('status');
    await sent.getByText(/^Request sent to Alex R\.; if unanswered it expires on /).waitFor();
    // The API's warning, as it said it.
    await sent.getByText(/clean date is not earlier/).waitFor();
    // Casey's own list: the pending request, with when it expires.
    await page.getByRole('heading', { name: 'My requests (1)' }).waitFor();
    await page.getByText('You asked Alex R. to be your temporary sponsor in Narcotics Anonymous').waitFor();
    await page.getByText(/Asked on .* · expires unanswered on /).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Alex's open page shows it live (sponsorship.updated over the socket), no reload.
    await alexPage.getByRole('heading', { name: 'Requests waiting for you (1)' }).waitFor({ timeout: 3000 });
    await alexPage.getByText('Casey N. asks you to be their temporary sponsor in Narcotics Anonymous').waitFor();
    await alexPage.getByText('Casey N. sent a sponsorship request.').waitFor();
    expect(await seriousA11yViolations(alexPage)).toEqual([]);
    await screenshot(alexPage, 'sponsors-requests');
    await alexPage.getByRole('button', { name: 'Accept Casey N.’s request' }).click();
    await alexPage.getByRole('status').getByText('Accepted: you are now Casey N.’s temporary sponsor.').waitFor();
    await alexPage.getByText('You are Casey N.’s temporary sponsor in Narcotics Anonymous').waitFor();

    // Both see it active; Casey's page updated live, with the review date (30 days).
    await page.getByText('Alex R. is your temporary sponsor in Narcotics Anonymous').waitFor({ timeout: 3000 });
    await page.getByText('Updated by Alex R.: the sponsorship is active (temporary sponsor).').waitFor();
    const [mine] = (await api.get<Sponsorship[]>('/sponsorships', { token: casey.accessToken })).body;
    expect(mine).toMatchObject({ status: 'active', kind: 'temporary_sponsor', reviewDue: false });
    const reviewDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'America/New_York' }).format(new Date(mine.reviewAt ?? ''));
    await page.getByText(`review on ${reviewDate}`, { exact: false }).waitFor();
    expect(await page.getByText('Time to review.').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await seriousA11yViolations(alexPage)).toEqual([]);

    // The review comes due: the date moves into the past (the API allows no 0-day period), the maintenance pass
    // reminds both sides over the socket, and both pages offer the choices.
    await h.t.app.get(DataSource).query(`UPDATE sponsorships SET review_at = now() - interval '1 hour' WHERE id = $1`, [mine.id]);
    await h.t.app.get(SponsorshipsService).runMaintenance(h.t.app.get(Clock).now());
    const caseyReview = page.getByRole('group', { name: /Time to review/ });
    await caseyReview.waitFor({ timeout: 3000 });
    await page.getByText('The temporary sponsorship with Alex R. is due for review.').waitFor();
    const alexReview = alexPage.getByRole('group', { name: /Time to review/ });
    await alexReview.waitFor({ timeout: 3000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await seriousA11yViolations(alexPage)).toEqual([]);
    await screenshot(page, 'sponsors-review');

    // Alex keeps going: a new review date, and Casey's page drops the prompt live.
    await alexReview.getByRole('button', { name: 'Keep going with Casey N.' }).click();
    await alexPage.getByText('Keeping going with Casey N.; the next review date is set.').waitFor();
    await caseyReview.waitFor({ state: 'detached', timeout: 3000 });
    expect((await api.get<Sponsorship>(`/sponsorships/${mine.id}`, { token: casey.accessToken })).body.reviewDue).toBe(false);

    // Casey does not wait for the next date: "Review now", then make Alex their sponsor.
    await page.getByText('Review now').click();
    await page.getByRole('button', { name: 'Make Alex R. my sponsor' }).click();
    await page.getByRole('status').getByText('Done: the temporary sponsorship with Alex R. is now a sponsorship.').waitFor();
    await page.getByText('Alex R. is your sponsor in Narcotics Anonymous').waitFor();
    expect(await page.getByText(/review on/).count()).toBe(0);
    await alexPage.getByText('You are Casey N.’s sponsor in Narcotics Anonymous').waitFor({ timeout: 3000 });
    expect((await api.get<Sponsorship>(`/sponsorships/${mine.id}`, { token: alex.accessToken })).body).toMatchObject({ kind: 'sponsor', status: 'active' });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // End, with a confirmation that starts on "No, keep it".
    await page.getByRole('button', { name: 'End the sponsorship with Alex R.' }).click();
    const confirm = page.getByRole('group', { name: /End the sponsorship with Alex R\.\?/ });
    await confirm.waitFor();
    expect(await page.evaluate('document.activeElement.textContent')).toBe('No, keep it');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Yes, end it' }).click();
    await page.getByRole('status').getByText('The sponsorship with Alex R. has ended.').waitFor();
    // Past ones are collapsed.
    const past = page.locator('details.past');
    await past.waitFor();
    expect(await past.getAttribute('open')).toBeNull();
    await past.locator('summary').click();
    await past.getByText(/Ended on /).waitFor();
    await alexPage.getByText('Casey N. ended a sponsorship.').waitFor({ timeout: 3000 });
    expect(await alexPage.getByText('You are Casey N.’s sponsor in Narcotics Anonymous').count()).toBe(0);
    expect((await api.get<Sponsorship>(`/sponsorships/${mine.id}`, { token: casey.accessToken })).body.status).toBe('ended');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await seriousA11yViolations(alexPage)).toEqual([]);

    // "Near me" with the granted position: Morgan (Brooklyn) with a distance; Alex has no position.
    await page.getByLabel('Language they speak').selectOption('');
    await page.getByRole('button', { name: 'Near me' }).click();
    await page.getByText('Sponsors found: 1').waitFor();
    expect(await results.locator('h3').allTextContents()).toEqual(['Morgan T.']);
    expect(await results.first().textContent()).toMatch(/Brooklyn · \d+ km away/);
    // Ask Morgan, then withdraw.
    await results.first().getByRole('button', { name: 'Ask Morgan T. to sponsor me' }).click();
    await page.getByRole('form', { name: 'Ask Morgan T.' }).getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('button', { name: 'Withdraw my request to Morgan T.' }).click();
    await page.getByRole('status').getByText('Your request to Morgan T. is withdrawn.').waitFor();

    // Nothing scrolls sideways at 320 px (400 % zoom), past ones open.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await noSideScroll(page)).toBe(false);
    expect(h.foreignRequests()).toEqual([]);
  }, 180_000);

  it('should let a member offer to sponsor, show the API’s error under the field, be found, and stop offering', async () => {
    const api = h.t.api;
    const riley = (await api.post<Tokens>('/auth/register', { email: 'riley@example.org', password: 'long-enough-pw', displayName: 'Riley O.' })).body;
    await api.patch('/me', { fellowships: ['AA'], languages: ['en', 'pt'] }, { token: riley.accessToken });
    const page = await (await h.newContext({ locale: 'en-US' })).newPage();
    await signIn(page, 'riley@example.org', 'long-enough-pw');
    await page.goto('/#/sponsors');
    const offer = page.locator('section', { has: page.getByRole('heading', { name: 'Offer to sponsor', level: 2 }) });
    // Collapsed until the member opens it (no offer yet).
    const startOffering = offer.getByRole('button', { name: 'Start offering' });
    expect(await startOffering.isVisible()).toBe(false);
    await offer.getByText('Set up my offer').click();
    await startOffering.waitFor();
    // Defaults from the member's profile.
    expect(await offer.getByLabel('Alcoholics Anonymous').isChecked()).toBe(true);
    expect(await offer.getByLabel(/^Languages/).inputValue()).toBe('en, pt');
    await offer.getByLabel('How many people at most (1–20)').fill('2');
    await offer.getByLabel('A few words about you (optional)').fill('Call me on 415 555 0123');
    await offer.getByRole('button', { name: 'Start offering' }).click();
    await offer.getByRole('alert').getByText('Some fields need a change').waitFor();
    const bio = offer.getByLabel('A few words about you (optional)');
    expect(await bio.getAttribute('aria-invalid')).toBe('true');
    await offer.locator('.field-error', { hasText: 'must not contain an email address or phone number' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await bio.fill('Sober since 2015; happy to help newcomers.');
    await offer.getByRole('button', { name: 'Start offering' }).click();
    await offer.getByRole('status').getByText('Saved. People can find you and ask you.').waitFor();
    await offer.getByText('You sponsor 0 of at most 2 people').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Another member finds Riley in AA, in Portuguese.
    const sam = (await api.post<Tokens>('/auth/login', { email: demoEmail('sam'), password: DEMO_PASSWORD })).body;
    const found = await api.get<{ items: { id: string; displayName: string; bio: string | null }[] }>('/sponsors?fellowship=AA&language=pt&gender=any', { token: sam.accessToken });
    expect(found.body.items.map((c) => [c.displayName, c.bio])).toEqual([['Riley O.', 'Sober since 2015; happy to help newcomers.']]);

    // Hidden, then stop offering (confirmed).
    await offer.getByLabel('Show me in “Find a sponsor” and let people ask me').uncheck();
    await offer.getByRole('button', { name: 'Save' }).click();
    await offer.getByRole('status').getByText('Saved. You are hidden from “Find a sponsor” for now.').waitFor();
    expect((await api.get<{ items: unknown[] }>('/sponsors?fellowship=AA&language=pt&gender=any', { token: sam.accessToken })).body.items).toEqual([]);
    await offer.getByRole('button', { name: 'Stop offering to sponsor' }).click();
    await offer.getByRole('group', { name: /Stop offering to sponsor\?/ }).getByRole('button', { name: 'Yes, stop offering' }).click();
    await offer.getByRole('status').getByText('You no longer appear in “Find a sponsor”.', { exact: false }).waitFor();
    await offer.getByText('Set up my offer').waitFor();
    expect((await api.get('/me/sponsor-profile', { token: riley.accessToken })).status).toBe(404);

    // In Spanish, and at 320 px.
    await page.locator('label.lang select').selectOption('es');
    await page.getByRole('heading', { name: 'Padrinazgo', level: 1 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await noSideScroll(page)).toBe(false);
    expect(h.foreignRequests()).toEqual([]);
  }, 120_000);
});
