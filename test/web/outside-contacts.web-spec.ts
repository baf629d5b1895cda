import type { Locator, Page } from 'playwright-core';
import { SmsInboundService } from '@homegroup/sms';
import { registerMember } from '../factories/member.factory';
import { seriousA11yViolations, signIn, startWebHarness, untilTrue, type WebHarness } from './browser';

/**
 * People without the app (ADR 0045) in a real browser: a new member (no contacts) adds someone by the number as they
 * dial it at home, sees them listed with a tel: link and suggested as who to call next, logs a practice call to them,
 * edits them, finds them among the craving screen's one-tap calls, and removes them after a confirmation.
 */
describe('web: people without the app', () => {
  let h: WebHarness;
  let page: Page;
  let member: Awaited<ReturnType<typeof registerMember>>;
  const section = (): Locator => page.locator('section[aria-labelledby="phones-outside-title"]');
  const card = (name: string): Locator =>
    section().locator('li.contact', { has: page.getByRole('heading', { name, level: 3 }) });

  beforeAll(async () => {
    h = await startWebHarness();
    member = await registerMember(h.t.api, { displayName: 'Robin O.' });
    expect((await h.t.api.patch('/me', { country: 'US' }, { token: member.accessToken })).status).toBe(200);
    page = await (await h.newContext({ timezoneId: 'America/Los_Angeles', locale: 'en-US' })).newPage();
    await signIn(page, member.email, member.password);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('should add someone, suggest them next, log a practice call to them and edit them', async () => {
    await page.goto('/#/phones');
    await page.getByRole('heading', { name: 'Phone list and practice calls', level: 1 }).waitFor();
    await section().getByText('Nobody without the app on your list yet.').waitFor();

    // A national number, read in the member's country; a bad one first: the API's message, at the form.
    const form = section().locator('form');
    await form.getByLabel('Name').fill('Chris');
    await form.getByLabel('Phone number').fill('555');
    await form.getByRole('button', { name: 'Add this number' }).click();
    await form.getByRole('alert').waitFor();
    await form.getByLabel('Phone number').fill('(415) 555-0123');
    await form.getByLabel(/^Notes/).fill('sits by the coffee');
    await form.getByRole('button', { name: 'Add this number' }).click();
    await form.getByText('Chris is on your phone list.').waitFor();

    const chris = card('Chris');
    const call = chris.getByRole('link', { name: 'Call Chris (+14155550123)' });
    await call.waitFor();
    expect(await call.getAttribute('href')).toBe('tel:+14155550123');
    await chris.getByText('Chris has not been asked to receive your craving alerts.').waitFor();
    await chris.getByText('sits by the coffee').waitFor();

    // Who to call next: Chris, with the opener of the practice flow.
    const today = page.locator('section[aria-labelledby="phones-today-title"]');
    await today.getByText('Chris is the person you called least recently.').waitFor();
    expect(await today.getByRole('link', { name: 'Call Chris (+14155550123)' }).getAttribute('href')).toBe(
      'tel:+14155550123',
    );
    await today.getByText(/I’m just practising/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Log the call: Chris is chosen already (the suggestion).
    const log = page.locator('section[aria-labelledby="phones-log-title"] form');
    expect(await log.getByLabel('Who did you call?').inputValue()).toMatch(/^o:/);
    await log.getByLabel('I left a voicemail').check();
    await log.getByRole('button', { name: 'Log the call' }).click();
    await log.getByText(/^Logged your call to Chris/).waitFor();
    const recent = page.locator('section[aria-labelledby="phones-recent-title"]');
    await recent.getByText(/^Chris · /).waitFor();
    await chris.getByText(/^Practice calls to them: 1/).waitFor();

    // Edit: keyboard to the button, the form takes the focus; a new name.
    await chris.getByRole('button', { name: 'Edit Chris' }).focus();
    await page.keyboard.press('Enter');
    const edit = chris.getByRole('form', { name: 'Edit Chris' });
    await edit.waitFor();
    // The focus moves to the form's first field (after the render: wait for it).
    await untilTrue(page, "document.activeElement && document.activeElement.name === 'name'");
    await edit.getByLabel('Name').fill('Chris M.');
    await page.keyboard.press('Enter');
    await card('Chris M.').getByText('Saved the changes to Chris M.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('should offer them as a one-tap call on the craving screen', async () => {
    await page.goto('/#/craving');
    const calls = page.locator('section[aria-labelledby="call-title"] a.call');
    await calls.first().waitFor();
    expect(await calls.allTextContents()).toEqual(['Call Chris M.']);
    expect(await calls.first().getAttribute('href')).toBe('tel:+14155550123');
  });

  it('should remove them after a confirmation, the focus back on the list', async () => {
    await page.goto('/#/phones');
    const chris = card('Chris M.');
    await chris.getByRole('button', { name: 'Remove Chris M.' }).click();
    await chris.getByText(/^Remove Chris M\. from your phone list\?/).waitFor();
    await untilTrue(
      page,
      "document.activeElement && document.activeElement.textContent === 'Yes, remove Chris M.'",
    );
    await page.keyboard.press('Enter');
    await section().getByText('Nobody without the app on your list yet.').waitFor();
    await untilTrue(page, "document.activeElement && document.activeElement.id === 'phones-outside-title'");
    // The practice call stays in the history.
    await page
      .locator('section[aria-labelledby="phones-recent-title"]')
      .getByText(/^Someone no longer on your list · /)
      .waitFor();
  });

  it('should ask someone by text, and show their YES live (ADR 0048)', async () => {
    await page.goto('/#/phones');
    const form = section().locator('form').last();
    await form.getByLabel('Name').fill('Jo');
    await form.getByLabel('Phone number').fill('(415) 555-0188');
    await form.getByRole('button', { name: 'Add this number' }).click();
    const jo = card('Jo');
    await jo.getByText(/^Asking sends Jo one text from Homegroup with your name/).waitFor();
    await jo.getByRole('button', { name: 'Ask Jo by text' }).click();
    await jo.getByText('The text went to Jo. You will see here when they answer.').waitFor();
    await jo.getByText(/^Asked on /).waitFor();
    await jo
      .getByText('Jo was asked by text to receive your craving alerts and has not answered yet.')
      .waitFor();

    // Asking again at once: the 429 as a sentence.
    await jo.getByRole('button', { name: 'Ask Jo again by text' }).click();
    await jo
      .getByRole('alert')
      .getByText(/^You asked Jo less than a day ago/)
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Jo replies YES (the inbound path the webhook and the development page share): the card changes live.
    await h.t.app.get(SmsInboundService).handle('+14155550188', 'YES');
    await page.getByText('Jo agreed to get your alerts by text.').waitFor();
    await jo.getByText('Jo agreed by text to receive your craving alerts.').waitFor();
    expect(await jo.getByRole('button', { name: /by text$/ }).count()).toBe(0);
  });

  it('should let the member name Jo, who agreed by text, among the first people paged (ADR 0049)', async () => {
    await page.goto('/#/me');
    const form = page.getByRole('form', { name: 'When you ask for help' });
    const jo = form.getByLabel('Jo (by text)');
    await jo.check();
    await form.getByRole('button', { name: 'Save alert settings' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: 'Saved. Alerts you raise from now on follow these settings.' })
      .waitFor();
    const outside = await h.t.api.get<{ id: string; name: string }[]>('/phone-list/outside', {
      token: member.accessToken,
    });
    const joId = outside.body.find((o) => o.name === 'Jo')?.id;
    const policy = await h.t.api.get<{ firstResponderIds: string[] }>('/me/escalation-policy', {
      token: member.accessToken,
    });
    expect(policy.body.firstResponderIds).toEqual([joId]);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
