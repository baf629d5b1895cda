import { DataSource } from 'typeorm';
import type { ServerEventPayload } from '@homegroup/contracts';
import { CravingEscalationService } from '@homegroup/cravings';
import { Clock } from '@homegroup/operations';
import {
  buildCircle,
  consentingContact,
  openInbox,
  raiseCraving,
  roundTrip,
  type AlertInbox,
  type CravingBody,
} from '../../factories/craving.factory';
import { registerMember, type TestMember } from '../../factories/member.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';
import { fakeTwilioEnv, startFakeTwilio, type FakeTwilio } from '../../utils/fake-twilio';
import { connectSocket, type TestSocket } from '../../utils/socket-client';
import { waitFor, waitUntil } from '../../utils/wait-for';

type TextRecipient = { id: string; name: string; step: number; status: string };
type OwnerBody = CravingBody & { textRecipients: TextRecipient[] };

let counter = 0;
/** A fresh valid US number per call (555 exchange), apart from the other SMS files' numbers. */
const usNumber = (): string => `+1415555${String(8000 + (counter++ % 1900)).padStart(4, '0')}`;

const ALERT = "Sam could use a call right now — reply 1 if you're calling. Homegroup";

describe('craving alerts by text to outside contacts at their ladder step (ADR 0049)', () => {
  let t: TestApp;
  let fake: FakeTwilio;
  let db: DataSource;
  let clock: Clock;
  let escalation: CravingEscalationService;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    fake = await startFakeTwilio();
    t = await createTestApp({ publicUrlIsBaseUrl: true, captureLogs: true, env: fakeTwilioEnv(fake) });
    fake.useApp(t.baseUrl);
    db = t.app.get(DataSource);
    clock = t.app.get(Clock);
    escalation = t.app.get(CravingEscalationService);
  });

  afterEach(() => {
    clock.resume();
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  /** An outside contact of `owner` with the given consent (set in the database: the consent flow is its own). */
  const outside = async (owner: TestMember, name: string, consent: string, phone = usNumber()) => {
    const res = await t.api.post<{ id: string }>('/phone-list/outside', { name, phone }, { token: owner.accessToken });
    expect(res.status).toBe(201);
    await db.query(`UPDATE outside_contacts SET alert_consent = $2 WHERE id = $1`, [res.body.id, consent]);
    return { id: res.body.id, phone };
  };

  const view = async (id: string, owner: TestMember) =>
    (await t.api.get<OwnerBody>(`/cravings/${id}`, { token: owner.accessToken })).body;
  const textsTo = (phone: string) => fake.messages.filter((m) => m.to === phone);
  const inbox = async (member: TestMember): Promise<AlertInbox> => {
    const box = await openInbox(t.baseUrl, member);
    sockets.push(box.socket);
    return box;
  };

  it('should text an outside contact the member named as a first responder at once, and refuse one without consent', async () => {
    const c = await buildCircle(t.api);
    const jo = await outside(c.owner, 'Jo', 'given');
    const al = await outside(c.owner, 'Al', 'asked');
    const refused = await t.api.put('/me/escalation-policy', { firstResponderIds: [al.id] }, { token: c.owner.accessToken });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain(al.id);
    const chosen = await t.api.put('/me/escalation-policy', { firstResponderIds: [jo.id] }, { token: c.owner.accessToken });
    expect(chosen.status).toBe(200);

    const craving = (await raiseCraving(t.api, c.owner)).body as OwnerBody;
    // Al has not agreed yet: not in the alert at all.
    expect(craving.textRecipients.map(({ name, step }) => ({ name, step }))).toEqual([{ name: 'Jo', step: 0 }]);
    await waitUntil(() => textsTo(jo.phone).length === 1);
    expect(textsTo(jo.phone)[0].body).toBe(ALERT);
    expect(textsTo(al.phone)).toEqual([]);
  });

  it('should text a consenting contact only when their step fires, take a reply 1 as responding, and close with one text', async () => {
    const c = await buildCircle(t.api);
    const jo = await outside(c.owner, 'Jo', 'given');
    const acknowledged: ServerEventPayload<'craving.acknowledged'>[] = [];
    const statuses: ServerEventPayload<'craving.status'>[] = [];
    const ownerSocket = await connectSocket(t.baseUrl, c.owner.accessToken, (s) => {
      s.on('craving.acknowledged', (p) => acknowledged.push(p));
      s.on('craving.status', (p) => statuses.push(p));
    });
    sockets.push(ownerSocket);
    const start = new Date();
    clock.freeze(start);

    const craving = (await raiseCraving(t.api, c.owner)).body as OwnerBody;
    // Sponsor and both first responders at step 0; Jo is the next contact: step 1.
    expect(craving.textRecipients.map(({ name, step, status }) => ({ name, step, status }))).toEqual([
      { name: 'Jo', step: 1, status: 'waiting' },
    ]);
    expect(craving.textRecipients[0].id).toMatch(/^[0-9a-f-]{36}$/);
    await roundTrip(ownerSocket);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(textsTo(jo.phone)).toEqual([]);

    clock.freeze(new Date(start.getTime() + 2 * 60_000));
    expect(await escalation.fireStep(craving.id, 1)).toBe(true);
    await waitUntil(() => textsTo(jo.phone).length === 1);
    const [text] = textsTo(jo.phone);
    expect(text.body).toBe(ALERT);
    expect(text.body).not.toContain('brother');
    // A repeat of the step (a retried job, the sweeper) texts nobody twice.
    expect(await escalation.fireStep(craving.id, 1)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(textsTo(jo.phone)).toHaveLength(1);
    await waitFor(async () => (await view(craving.id, c.owner)).textRecipients[0]?.status === 'texted');

    expect((await fake.deliverStatus(text.sid, 'delivered')).status).toBe(200);
    await waitFor(async () => (await view(craving.id, c.owner)).textRecipients[0].status === 'delivered');
    await waitUntil(() => statuses.some((s) => s.textRecipients?.[0]?.status === 'delivered'));

    // Someone else's number saying 1 is nobody's answer.
    const wrong = await fake.inbound(usNumber(), '1');
    expect(wrong.status).toBe(200);
    expect(wrong.text).not.toContain('Thanks');
    expect((await view(craving.id, c.owner)).state).toBe('triggered');

    const reply = await fake.inbound(jo.phone, ' 1 ');
    expect(reply.status).toBe(200);
    expect(reply.text).toContain("Thanks — we told Sam you're calling.");
    await waitUntil(() => acknowledged.length === 1);
    expect(acknowledged[0]).toEqual({
      cravingId: craving.id,
      by: { id: craving.textRecipients[0].id, displayName: 'Jo', via: 'sms' },
    });
    const after = await view(craving.id, c.owner);
    expect(after.state).toBe('acknowledged');
    expect(after.textRecipients[0].status).toBe('responding');
    // The ladder stops.
    clock.freeze(new Date(start.getTime() + 5 * 60_000));
    expect(await escalation.fireStep(craving.id, 2)).toBe(false);

    const resolved = await t.api.post(`/cravings/${craving.id}/resolve`, { outcome: 'passed' }, { token: c.owner.accessToken });
    expect(resolved.status).toBe(200);
    await waitUntil(() => textsTo(jo.phone).length === 2);
    expect(textsTo(jo.phone)[1].body).toBe('Sam is OK now — thank you. Homegroup');
    // A reply after the end is answered politely and changes nothing.
    const late = await fake.inbound(jo.phone, 'ok');
    expect(late.text).toContain('Sam is OK now — no action needed.');
    expect(acknowledged).toHaveLength(1);
    // Nothing of the number or the texts in the logs (ADR 0007).
    const logs = t.logs();
    expect(logs).not.toContain(jo.phone);
    expect(logs).not.toContain(jo.phone.slice(2));
    expect(logs).not.toContain('could use a call');
    expect(logs).not.toContain('is OK now');
  });

  it('should move the ladder on at once when a text is reported undelivered', async () => {
    const c = await buildCircle(t.api);
    // Never called, member contacts go by name: First F., Second S. (first responders), then these two.
    const c3 = (await consentingContact(t.api, c.owner, 'Xa Third')).contact;
    const c4 = (await consentingContact(t.api, c.owner, 'Ya Fourth')).contact;
    const jo = await outside(c.owner, 'Jo', 'given');
    // Jo was practice-called, so Jo comes before the never-called member contacts: Jo and c3 at step 1, c4 at 2.
    expect((await t.api.post('/practice-calls', { outsideContactId: jo.id, outcome: 'connected' }, { token: c.owner.accessToken })).status).toBe(201);
    const [box3, box4] = [await inbox(c3), await inbox(c4)];
    const start = new Date();
    clock.freeze(start);
    const craving = (await raiseCraving(t.api, c.owner)).body as OwnerBody;
    expect(craving.textRecipients.map((r) => [r.name, r.step])).toEqual([['Jo', 1]]);
    expect(craving.recipients.find((r) => r.user.id === c3.id)?.step).toBe(1);
    expect(craving.recipients.find((r) => r.user.id === c4.id)?.step).toBe(2);

    clock.freeze(new Date(start.getTime() + 2 * 60_000));
    expect(await escalation.fireStep(craving.id, 1)).toBe(true);
    await waitUntil(() => textsTo(jo.phone).length === 1 && box3.alerts.length === 1);
    await roundTrip(box4.socket);
    expect(box4.alerts).toEqual([]);

    // Undelivered at +2:10: step 2 fires now, not at +5 minutes.
    clock.freeze(new Date(start.getTime() + 130_000));
    await fake.deliverStatus(textsTo(jo.phone)[0].sid, 'undelivered', 30003);
    await waitUntil(() => box4.alerts.length === 1);
    expect(box4.alerts[0]).toMatchObject({ cravingId: craving.id, step: 2 });
    const after = await view(craving.id, c.owner);
    expect(after.step).toBe(2);
    expect(after.textRecipients[0].status).toBe('failed');
    // The timer of step 2 then changes nothing; a second failure report neither.
    expect(await escalation.fireStep(craving.id, 2)).toBe(false);
    await fake.deliverStatus(textsTo(jo.phone)[0].sid, 'failed', 30003);
    expect((await view(craving.id, c.owner)).step).toBe(2);
    expect(box4.alerts).toHaveLength(1);
  });

  it('should never text a contact whose consent is asked or withdrawn, nor a number that said STOP (refused: the ladder moves on)', async () => {
    const owner = await registerMember(t.api, { displayName: 'Sam' });
    const ann = await outside(owner, 'Ann', 'given');
    const bea = await outside(owner, 'Bea', 'asked');
    const cy = await outside(owner, 'Cy', 'withdrawn');
    const dee = await outside(owner, 'Dee', 'given');
    expect((await fake.inbound(ann.phone, 'STOP')).status).toBe(200);
    // STOP withdraws consent (ADR 0048); a row that still says given (a STOP between the alert and its text) is
    // refused by SmsService all the same.
    await db.query(`UPDATE outside_contacts SET alert_consent = 'given' WHERE id = $1`, [ann.id]);
    const start = new Date();
    clock.freeze(start);

    const craving = (await raiseCraving(t.api, owner)).body as OwnerBody;
    // Nobody with the app: the first two consenting contacts are asked at once.
    expect(craving.textRecipients.map((r) => [r.name, r.step])).toEqual([
      ['Ann', 0],
      ['Dee', 0],
    ]);
    await waitUntil(() => textsTo(dee.phone).length === 1);
    expect(textsTo(dee.phone)[0].body).toBe(ALERT);
    await waitFor(async () => (await view(craving.id, owner)).textRecipients[0].status === 'failed');
    // Ann's refusal moved the ladder to step 1 at once (its timer is at +2 minutes).
    await waitFor(async () => (await view(craving.id, owner)).step === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const phone of [ann.phone, bea.phone, cy.phone]) expect(textsTo(phone)).toEqual([]);
  });

  it('should not text a contact whose consent ended before their step, nor take their reply', async () => {
    const c = await buildCircle(t.api);
    const jo = await outside(c.owner, 'Jo', 'given');
    const start = new Date();
    clock.freeze(start);
    const craving = (await raiseCraving(t.api, c.owner)).body as OwnerBody;
    await db.query(`UPDATE outside_contacts SET alert_consent = 'withdrawn' WHERE id = $1`, [jo.id]);
    clock.freeze(new Date(start.getTime() + 2 * 60_000));
    expect(await escalation.fireStep(craving.id, 1)).toBe(true);
    await waitFor(async () => (await view(craving.id, c.owner)).textRecipients[0].status === 'skipped');
    expect(textsTo(jo.phone)).toEqual([]);
    // A reply from that number acknowledges nothing.
    const reply = await fake.inbound(jo.phone, '1');
    expect(reply.text).not.toContain('Thanks');
    expect((await view(craving.id, c.owner)).state).toBe('triggered');
  });

  it('should send no closing text to a contact who withdrew after the alert text, and none to a failed one', async () => {
    const c = await buildCircle(t.api);
    const jo = await outside(c.owner, 'Jo', 'given');
    const kim = await outside(c.owner, 'Kim', 'given');
    fake.failNumber(kim.phone, { status: 400, code: 21211, message: 'Invalid To number' });
    const start = new Date();
    clock.freeze(start);
    const craving = (await raiseCraving(t.api, c.owner)).body as OwnerBody;
    expect(craving.textRecipients.map((r) => [r.name, r.step])).toEqual([
      ['Jo', 1],
      ['Kim', 1],
    ]);
    clock.freeze(new Date(start.getTime() + 2 * 60_000));
    expect(await escalation.fireStep(craving.id, 1)).toBe(true);
    await waitUntil(() => textsTo(jo.phone).length === 1);
    await waitFor(async () => (await view(craving.id, c.owner)).textRecipients.find((r) => r.name === 'Kim')?.status === 'failed');
    await db.query(`UPDATE outside_contacts SET alert_consent = 'withdrawn' WHERE id = $1`, [jo.id]);
    const resolved = await t.api.post(`/cravings/${craving.id}/resolve`, { outcome: 'passed' }, { token: c.owner.accessToken });
    expect(resolved.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(textsTo(jo.phone)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.params.To === kim.phone)).toHaveLength(1);
  });
});
