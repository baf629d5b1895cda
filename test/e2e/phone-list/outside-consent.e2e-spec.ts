import { DataSource } from 'typeorm';
import { Clock } from '@homegroup/operations';
import { CONSENT_ASKS_PER_MEMBER_PER_DAY, consentAskText } from '@homegroup/phone-list';
import { SmsService, STOP_REPLY } from '@homegroup/sms';
import { registerMember, TestMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { FakeTwilio, fakeTwilioEnv, startFakeTwilio } from '../../utils/fake-twilio';
import { collectEvents, connectSocket, TestSocket } from '../../utils/socket-client';
import { createBrowserSubscription, FakePushService, startFakePushService } from '../../utils/fake-push-service';

type ErrorBody = { statusCode: number; message: string; code?: string };
type Outside = { id: string; name: string; phone: string; alertConsent: string; consentAskedAt: string | null; consentChangedAt: string | null };
type Asked = { id: string; alertConsent: string; consentAskedAt: string };

let counter = 0;
/** A fresh valid US number (555 exchange). */
const usNumber = (): string => `+1415555${String(3000 + counter++).padStart(4, '0')}`;
const HOUR = 3_600_000;

/** Consent by text (ADR 0048): the ask, YES only after an ask, STOP everywhere, START restores nothing. */
describe('consent by text for people without the app', () => {
  let t: TestApp;
  let fake: FakeTwilio;
  let pushService: FakePushService;
  let db: DataSource;
  let clock: Clock;
  let sms: SmsService;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    [fake, pushService] = await Promise.all([startFakeTwilio(), startFakePushService()]);
    t = await createTestApp({ publicUrlIsBaseUrl: true, env: { ...fakeTwilioEnv(fake), SMS_MAX_PER_MEMBER_PER_DAY: '30' } });
    fake.useApp(t.baseUrl);
    db = t.app.get(DataSource);
    clock = t.app.get(Clock);
    sms = t.app.get(SmsService);
  });

  afterEach(() => {
    clock.resume();
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close(), pushService.close()]);
  });

  const as = (m: TestMember) => ({ token: m.accessToken });
  const add = async (m: TestMember, name: string, phone: string): Promise<Outside> => {
    const res = await t.api.post<Outside>('/phone-list/outside', { name, phone }, as(m));
    expect(res.status).toBe(201);
    return res.body;
  };
  const ask = (m: TestMember, id: string) => t.api.post<Asked & ErrorBody>(`/phone-list/outside/${id}/ask-consent`, {}, as(m));
  const get = async (m: TestMember, id: string): Promise<Outside> => (await t.api.get<Outside>(`/phone-list/outside/${id}`, as(m))).body;
  const textsTo = (phone: string) => fake.messages.filter((message) => message.to === phone);
  /** Socket.IO delivers in order: a ping's answer means every earlier emit to this socket has arrived. */
  const roundTrip = (socket: TestSocket): Promise<unknown> => socket.timeout(5000).emitWithAck('ping', {});

  it('should text the ask naming the member, take a YES as consent and tell the owner by socket and push, never why', async () => {
    const sam = await registerMember(t.api, { displayName: 'Sam' });
    const phone = usNumber();
    const jo = await add(sam, 'Jo', phone);
    const browser = createBrowserSubscription(pushService.endpoint('ok'));
    expect((await t.api.post('/me/push-subscriptions', { endpoint: browser.endpoint, keys: browser.keys }, as(sam))).status).toBe(201);
    const socket = await connectSocket(t.baseUrl, sam.accessToken);
    sockets.push(socket);
    const events = collectEvents(socket, 'phone-list.outside-consent');

    const asked = await ask(sam, jo.id);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ id: jo.id, alertConsent: 'asked', consentAskedAt: expect.any(String) as unknown });
    const texts = textsTo(phone);
    expect(texts).toHaveLength(1);
    expect(texts[0].body).toBe(consentAskText('Sam'));
    expect(texts[0].body).toMatch(/^Sam added you to their Homegroup phone list/);
    expect(texts[0].body).toContain('YES');
    expect(texts[0].body).toContain('STOP');
    expect(texts[0].body.length).toBeLessThanOrEqual(160);
    expect(texts[0].body).toMatch(/^[A-Za-z0-9 .,:?'!-]+$/); // GSM-7 only: one segment
    expect(texts[0].body.toLowerCase()).not.toMatch(/craving|relapse|drug|alcohol|recovery/);
    const [row] = await db.query<{ purpose: string; ref_kind: string; ref_id: string; member_id: string }[]>(
      `SELECT purpose, ref_kind, ref_id, member_id FROM sms_messages WHERE to_hash = $1`,
      [sms.phoneHash(phone)],
    );
    expect(row).toEqual({ purpose: 'consent', ref_kind: 'outside-contact', ref_id: jo.id, member_id: sam.id });
    const afterAsk = await get(sam, jo.id);
    expect(afterAsk).toMatchObject({ alertConsent: 'asked', consentAskedAt: asked.body.consentAskedAt });
    expect(afterAsk.consentChangedAt).toBe(asked.body.consentAskedAt);

    const yes = await fake.inbound(phone, ' Yes! ');
    expect(yes.status).toBe(200);
    expect(yes.text).toContain("Thanks. You'll get a text from Homegroup if Sam could use a call.");
    expect(yes.text).toContain('STOP');
    expect(await get(sam, jo.id)).toMatchObject({ alertConsent: 'given' });
    await roundTrip(socket);
    expect(events).toEqual([{ outsideContactId: jo.id, alertConsent: 'given' }]);
    expect(Object.keys(events[0]).sort()).toEqual(['alertConsent', 'outsideContactId']);
    const pushes = pushService.requestsTo(browser.endpoint);
    expect(pushes).toHaveLength(1);
    const pushed = JSON.parse(browser.decrypt(pushes[0].body)) as { title: string; body: string; data: Record<string, string> };
    expect(pushed).toEqual({
      title: 'Homegroup',
      body: 'Jo agreed to get your alerts by text',
      data: { type: 'phone-list.outside-consent', outsideContactId: jo.id },
    });

    // A second YES thanks again and tells nobody twice; asking again is refused (they agreed).
    expect((await fake.inbound(phone, 'y')).text).toContain('Thanks.');
    await roundTrip(socket);
    expect(events).toHaveLength(1);
    const again = await ask(sam, jo.id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'consent_already_given' });
    expect(textsTo(phone)).toHaveLength(1);
  });

  it('should withdraw for every member holding the number on STOP, refuse later asks, and allow a new ask after START', async () => {
    const a = await registerMember(t.api, { displayName: 'Ana' });
    const b = await registerMember(t.api, { displayName: 'Ben' });
    const phone = usNumber();
    const ofA = await add(a, 'Kim', phone);
    const ofB = await add(b, 'Kimberly', phone);
    const socketA = await connectSocket(t.baseUrl, a.accessToken);
    const socketB = await connectSocket(t.baseUrl, b.accessToken);
    sockets.push(socketA, socketB);
    const eventsA = collectEvents(socketA, 'phone-list.outside-consent');
    const eventsB = collectEvents(socketB, 'phone-list.outside-consent');

    expect((await ask(a, ofA.id)).status).toBe(202);
    expect((await fake.inbound(phone, 'YES')).text).toContain('Ana');
    expect((await ask(b, ofB.id)).status).toBe(202);
    expect((await get(a, ofA.id)).alertConsent).toBe('given');
    expect((await get(b, ofB.id)).alertConsent).toBe('asked');

    const stop = await fake.inbound(phone, 'Unsubscribe');
    expect(stop.text).toContain(STOP_REPLY);
    expect((await get(a, ofA.id)).alertConsent).toBe('withdrawn');
    expect((await get(b, ofB.id)).alertConsent).toBe('withdrawn');
    await Promise.all([roundTrip(socketA), roundTrip(socketB)]);
    expect(eventsA).toEqual([
      { outsideContactId: ofA.id, alertConsent: 'given' },
      { outsideContactId: ofA.id, alertConsent: 'withdrawn' },
    ]);
    expect(eventsB).toEqual([{ outsideContactId: ofB.id, alertConsent: 'withdrawn' }]);

    const sentBefore = textsTo(phone).length;
    for (const [member, contact] of [[a, ofA], [b, ofB]] as const) {
      const refused = await ask(member, contact.id);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('consent_opted_out');
      expect(refused.body.message).toContain('stopped texts from Homegroup');
      expect(refused.body.message).not.toMatch(/Ana|Ben|Kim/);
    }
    expect(textsTo(phone)).toHaveLength(sentBefore);
    // A YES after STOP is not consent (and gets no answer: the number is opted out of everything but keywords).
    expect((await fake.inbound(phone, 'yes')).text).not.toContain('Thanks');
    expect((await get(a, ofA.id)).alertConsent).toBe('withdrawn');

    // START restores nothing; the member may ask again, and a YES then counts.
    await fake.inbound(phone, 'START');
    expect((await get(a, ofA.id)).alertConsent).toBe('withdrawn');
    expect((await get(b, ofB.id)).alertConsent).toBe('withdrawn');
    expect((await ask(b, ofB.id)).status).toBe(202);
    expect(textsTo(phone)).toHaveLength(sentBefore + 1);
    expect((await fake.inbound(phone, 'yes')).text).toContain('Ben');
    expect((await get(b, ofB.id)).alertConsent).toBe('given');
    expect((await get(a, ofA.id)).alertConsent).toBe('withdrawn');
  });

  it('should not take a YES as consent when the newest text to that number was not a consent ask', async () => {
    const owner = await registerMember(t.api, { displayName: 'Lee' });
    const phone = usNumber();
    const contact = await add(owner, 'Pat', phone);
    expect((await ask(owner, contact.id)).status).toBe(202);
    // Then an alert goes to the same number (the ladder's text): a YES now answers the alert, not the ask.
    const alert = await sms.sendText({ to: phone, body: 'Lee could use a call.', purpose: 'alert', memberId: owner.id, ref: { kind: 'craving', id: contact.id } });
    expect(alert.sent).toBe(true);
    const reply = await fake.inbound(phone, 'YES');
    expect(reply.text).not.toContain('Thanks');
    expect((await get(owner, contact.id)).alertConsent).toBe('asked');

    // A number never asked: a YES is nobody's consent.
    const stranger = await fake.inbound(usNumber(), 'yes');
    expect(stranger.status).toBe(200);
    expect(stranger.text).not.toContain('<Message>');

    // Other words after an ask are not taken either.
    const other = await add(owner, 'Robin', usNumber());
    expect((await ask(owner, other.id)).status).toBe(202);
    expect((await fake.inbound(other.phone, 'maybe later')).text).not.toContain('<Message>');
    expect((await get(owner, other.id)).alertConsent).toBe('asked');
  });

  it('should take the YES for the contact the newest ask was about, not another member asking the same number earlier', async () => {
    const first = await registerMember(t.api, { displayName: 'First' });
    const second = await registerMember(t.api, { displayName: 'Second' });
    const phone = usNumber();
    const ofFirst = await add(first, 'Dee', phone);
    const ofSecond = await add(second, 'Dee', phone);
    expect((await ask(first, ofFirst.id)).status).toBe(202);
    expect((await ask(second, ofSecond.id)).status).toBe(202);
    expect((await fake.inbound(phone, 'yes')).text).toContain('Second');
    expect((await get(second, ofSecond.id)).alertConsent).toBe('given');
    expect((await get(first, ofFirst.id)).alertConsent).toBe('asked');
  });

  it('should limit re-asks to one per contact per 24 hours and asks to a few people per member per 24 hours, with Retry-After', async () => {
    const member = await registerMember(t.api, { displayName: 'Max' });
    const start = new Date();
    clock.freeze(start);
    const first = await add(member, 'One', usNumber());
    expect((await ask(member, first.id)).status).toBe(202);
    clock.freeze(new Date(start.getTime() + 2 * HOUR));
    const soon = await ask(member, first.id);
    expect(soon.status).toBe(429);
    expect(soon.body.code).toBe('consent_asked_recently');
    expect(Number(soon.headers.get('retry-after'))).toBe(22 * 3600);
    expect(textsTo(first.phone)).toHaveLength(1);
    expect((await get(member, first.id)).consentAskedAt).toBe(start.toISOString());

    // Up to the member's cap of different people in 24 hours; the next is refused until the oldest ask is a day old.
    for (let i = 1; i < CONSENT_ASKS_PER_MEMBER_PER_DAY; i += 1) {
      const contact = await add(member, `Person ${i}`, usNumber());
      expect((await ask(member, contact.id)).status).toBe(202);
    }
    const over = await add(member, 'Over', usNumber());
    const capped = await ask(member, over.id);
    expect(capped.status).toBe(429);
    expect(capped.body).toMatchObject({ code: 'consent_daily_limit' });
    expect(Number(capped.headers.get('retry-after'))).toBe(22 * 3600);
    expect(textsTo(over.phone)).toHaveLength(0);
    expect((await get(member, over.id)).alertConsent).toBe('none');

    // A new number on an asked contact does not free a place in the member's count.
    const renumbered = await t.api.patch<Outside>(`/phone-list/outside/${first.id}`, { phone: usNumber() }, as(member));
    expect(renumbered.body).toMatchObject({ alertConsent: 'none', consentAskedAt: null });
    expect((await ask(member, over.id)).status).toBe(429);

    // A day after the first ask: a re-ask and the next person are both allowed again.
    clock.freeze(new Date(start.getTime() + 25 * HOUR));
    expect((await ask(member, over.id)).status).toBe(202);
  });

  it('should not let asks at the same moment pass the per-member cap or ask one contact twice', async () => {
    const member = await registerMember(t.api, { displayName: 'Quinn' });
    const people = await Promise.all(Array.from({ length: CONSENT_ASKS_PER_MEMBER_PER_DAY + 3 }, (_, i) => add(member, `Racer ${i}`, usNumber())));
    const answers = await Promise.all([...people, people[0], people[0]].map((p) => ask(member, p.id)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(CONSENT_ASKS_PER_MEMBER_PER_DAY);
    expect(statuses.filter((s) => s === 429)).toHaveLength(answers.length - CONSENT_ASKS_PER_MEMBER_PER_DAY);
    expect(textsTo(people[0].phone).length).toBeLessThanOrEqual(1);
    const sent = people.flatMap((p) => textsTo(p.phone));
    expect(sent).toHaveLength(CONSENT_ASKS_PER_MEMBER_PER_DAY);
  });

  it('should answer 404 to a stranger and to an unknown id, 400 to a bad id, 401 without a token, and send nothing', async () => {
    const owner = await registerMember(t.api);
    const stranger = await registerMember(t.api);
    const contact = await add(owner, 'Sky', usNumber());
    const theirs = await ask(stranger, contact.id);
    expect(theirs.status).toBe(404);
    expect(theirs.body.message).toBe('This person is not on your phone list');
    expect((await ask(owner, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const bad = await ask(owner, 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect((await t.api.post(`/phone-list/outside/${contact.id}/ask-consent`, {})).status).toBe(401);
    expect(textsTo(contact.phone)).toHaveLength(0);
    expect((await get(owner, contact.id)).alertConsent).toBe('none');
  });

  it('should leave the state as it was when Twilio refuses the text (422 sms_not_delivered) or the country is not served', async () => {
    const owner = await registerMember(t.api);
    const phone = usNumber();
    const contact = await add(owner, 'Ash', phone);
    fake.failNumber(phone, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const refused = await ask(owner, contact.id);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'sms_not_delivered' });
    expect(await get(owner, contact.id)).toMatchObject({ alertConsent: 'none', consentAskedAt: null, consentChangedAt: null });

    const far = await add(owner, 'Far', '+33 6 12 34 56 78');
    const country = await ask(owner, far.id);
    expect(country.status).toBe(422);
    expect(country.body.code).toBe('sms_country_not_allowed');
    expect((await get(owner, far.id)).alertConsent).toBe('none');
  });

  it('should keep opt-outs when a contact is deleted, and a renumbered contact can be asked at its new number', async () => {
    const owner = await registerMember(t.api);
    const phone = usNumber();
    const contact = await add(owner, 'Cy', phone);
    expect((await ask(owner, contact.id)).status).toBe(202);
    await fake.inbound(phone, 'stop');
    expect((await t.api.delete(`/phone-list/outside/${contact.id}`, as(owner))).status).toBe(204);
    expect(await sms.isOptedOut(phone)).toBe(true);
    const readded = await add(owner, 'Cy', phone);
    expect((await ask(owner, readded.id)).body.code).toBe('consent_opted_out');

    const fresh = usNumber();
    const moved = await t.api.patch<Outside>(`/phone-list/outside/${readded.id}`, { phone: fresh }, as(owner));
    expect(moved.body.alertConsent).toBe('none');
    expect((await ask(owner, readded.id)).status).toBe(202);
    expect(textsTo(fresh)).toHaveLength(1);
  });
});
