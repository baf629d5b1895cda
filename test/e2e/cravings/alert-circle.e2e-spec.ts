import { Clock } from '@homegroup/operations';
import { linkContacts, setContactSettings } from '../../factories/contact.factory';
import { registerMember, TestMember } from '../../factories/member.factory';
import { activeSponsorship, registerSponsee, registerSponsor, transition } from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Circle = {
  recipients: {
    user: { id: string; displayName: string };
    role: string;
    priority: number;
    availableNow: boolean;
    contactId: string | null;
    lastPracticeCallAt: string | null;
  }[];
  availableNow: number;
};

describe('GET /me/alert-circle: exactly who would be pinged', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const circle = async (member: TestMember): Promise<Circle> => {
    const res = await t.api.get<Circle>('/me/alert-circle', { token: member.accessToken });
    expect(res.status).toBe(200);
    return res.body;
  };

  /** `member` and `contact` linked; `contact` consents (or not) to receive `member`'s alerts. */
  const contactOf = async (member: TestMember, consents: boolean, displayName?: string) => {
    const contact = await registerMember(t.api, displayName ? { displayName } : {});
    const pair = await linkContacts(t.api, member, contact);
    if (consents) await setContactSettings(t.api, contact, pair.contactContactId, { acceptsAlerts: true });
    return { contact, pair };
  };

  it('should be empty for a member with nobody yet', async () => {
    const member = await registerMember(t.api);
    expect(await circle(member)).toMatchObject({ recipients: [], availableNow: 0 });
  });

  it('should order primary sponsor, temporary sponsor, then consenting contacts by last practice call, and leave out the rest', async () => {
    const member = await registerSponsee(t.api);
    const primary = await registerSponsor(t.api, { displayName: 'Primary P.' });
    const temporary = await registerSponsor(t.api, { displayName: 'Temp T.' });
    await activeSponsorship(t.api, member, primary);
    await activeSponsorship(t.api, member, temporary, { kind: 'temporary_sponsor' });
    const { contact: called } = await contactOf(member, true, 'Called C.');
    const { contact: neverCalled } = await contactOf(member, true, 'Never N.');
    const { contact: silent } = await contactOf(member, false, 'Silent S.');
    const stranger = await registerMember(t.api);

    // The member practice-called `called` (the most recent call ranks first among contacts).
    const list = await t.api.get<{ id: string; user: { id: string } }[]>('/phone-list', { token: member.accessToken });
    const calledContactId = list.body.find((c) => c.user.id === called.id)?.id;
    expect((await t.api.post('/practice-calls', { contactId: calledContactId, outcome: 'connected' }, { token: member.accessToken })).status).toBe(201);

    const body = await circle(member);
    expect(body.recipients.map((r) => [r.user.id, r.role, r.priority])).toEqual([
      [primary.id, 'primary_sponsor', 1],
      [temporary.id, 'temporary_sponsor', 2],
      [called.id, 'contact', 3],
      [neverCalled.id, 'contact', 4],
    ]);
    const ids = body.recipients.map((r) => r.user.id);
    expect(ids).not.toContain(silent.id);
    expect(ids).not.toContain(stranger.id);
    expect(body.recipients[2].lastPracticeCallAt).not.toBeNull();
    // Nothing private leaks into the circle.
    expect(JSON.stringify(body)).not.toMatch(/email|phone|cleanDate/);
  });

  it('should drop a sponsor the moment the sponsorship ends, and a contact the moment consent is withdrawn', async () => {
    const member = await registerSponsee(t.api);
    const sponsor = await registerSponsor(t.api);
    const sponsorship = await activeSponsorship(t.api, member, sponsor);
    const { contact, pair } = await contactOf(member, true);
    expect((await circle(member)).recipients.map((r) => r.user.id)).toEqual([sponsor.id, contact.id]);

    await transition(t.api, sponsor, sponsorship.id, 'end');
    expect((await circle(member)).recipients.map((r) => r.user.id)).toEqual([contact.id]);

    await setContactSettings(t.api, contact, pair.contactContactId, { acceptsAlerts: false });
    expect((await circle(member)).recipients).toEqual([]);
  });

  it('should count a contact outside their availability window as not available now', async () => {
    const member = await registerMember(t.api);
    const { contact, pair } = await contactOf(member, false);
    // Contact (UTC) is available 09:00–17:00 on weekdays only; freeze at Sunday 2026-11-22 03:00 UTC.
    await setContactSettings(t.api, contact, pair.contactContactId, {
      acceptsAlerts: true,
      availability: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }],
    });
    const clock = t.app.get(Clock);
    clock.freeze(new Date('2026-11-22T03:00:00Z'));
    try {
      const body = await circle(member);
      expect(body.recipients).toHaveLength(1);
      expect(body.recipients[0]).toMatchObject({ availableNow: false });
      expect(body.availableNow).toBe(0);
      clock.freeze(new Date('2026-11-23T10:00:00Z')); // Monday 10:00 UTC
      expect((await circle(member)).recipients[0]).toMatchObject({ availableNow: true });
    } finally {
      clock.resume();
    }
  });

  it('should list a sponsor who is also a consenting contact once, as the sponsor', async () => {
    const member = await registerSponsee(t.api);
    const sponsor = await registerSponsor(t.api);
    await activeSponsorship(t.api, member, sponsor);
    const pair = await linkContacts(t.api, member, sponsor);
    await setContactSettings(t.api, sponsor, pair.contactContactId, { acceptsAlerts: true });
    const body = await circle(member);
    expect(body.recipients).toHaveLength(1);
    expect(body.recipients[0]).toMatchObject({ role: 'primary_sponsor', contactId: pair.memberContactId });
  });

  it('should answer 401 without a token and only ever show the caller’s own circle', async () => {
    expect((await t.api.get('/me/alert-circle')).status).toBe(401);
    const member = await registerSponsee(t.api);
    const { contact } = await contactOf(member, true);
    // The contact's own circle does not include the member (consent is one-directional).
    expect((await circle(contact)).recipients).toEqual([]);
  });
});
