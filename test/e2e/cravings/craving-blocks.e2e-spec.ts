import { QUEUES } from '@homegroup/contracts';
import {
  AlertInbox,
  buildCircle,
  consentingContact,
  CravingBody,
  raiseCraving,
  RecipientBody,
  roundTrip,
  cravingHarness,
} from '../../factories/craving.factory';
import { linkContacts } from '../../factories/contact.factory';
import type { TestMember } from '../../factories/member.factory';
import type { SponsorshipBody } from '../../factories/sponsorship.factory';
import { waitUntil } from '../../utils/wait-for';

/** Issue 9, defect 8: a block is one transaction with all its effects, open alerts included. */
describe('blocking and open craving alerts', () => {
  const h = cravingHarness();
  const block = (blocker: TestMember, blocked: TestMember) =>
    h.t.api.post('/blocks', { userId: blocked.id }, { token: blocker.accessToken });
  const read = (member: TestMember, id: string) =>
    h.t.api.get<CravingBody & RecipientBody>(`/cravings/${id}`, { token: member.accessToken });

  /** Sponsor, first and second at step 0; c3 and c4 at step 1. */
  const ladderCircle = async () => {
    const c = await buildCircle(h.t.api);
    const c3 = (await consentingContact(h.t.api, c.owner, 'Third')).contact;
    const c4 = (await consentingContact(h.t.api, c.owner, 'Fourth')).contact;
    return { ...c, c3, c4 };
  };

  it('should take the blocked member off the blocker’s open alert: no longer shown (404) nor paged by later steps', async () => {
    const c = await ladderCircle();
    const contacts = [c.first, c.second, c.c3, c.c4];
    const boxes = new Map(await Promise.all(contacts.map(async (m) => [m.id, await h.inbox(m)] as const)));
    const start = new Date();
    h.clock.freeze(start);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    const byStep = (step: number) =>
      craving.recipients
        .filter((r) => r.step === step && r.user.id !== c.sponsor.id)
        .map((r) => contacts.find((m) => m.id === r.user.id) as TestMember);
    const [paged] = byStep(0);
    const [later, other] = byStep(1);
    expect([paged, later, other].every(Boolean)).toBe(true);
    expect((await read(paged, craving.id)).status).toBe(200);

    expect((await block(c.owner, paged)).status).toBe(204);
    expect((await block(c.owner, later)).status).toBe(204);

    expect((await read(paged, craving.id)).status).toBe(404);
    expect((await read(later, craving.id)).status).toBe(404);
    const ack = await h.t.api.post(`/cravings/${craving.id}/acknowledge`, {}, { token: paged.accessToken });
    expect(ack.status).toBe(404);
    const owners = (await read(c.owner, craving.id)).body;
    expect(owners.recipients.map((r) => r.user.id)).not.toContain(paged.id);
    expect(owners.recipients.map((r) => r.user.id)).not.toContain(later.id);

    h.clock.freeze(new Date(start.getTime() + 2 * 60_000));
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(true);
    const otherBox = boxes.get(other.id) as AlertInbox;
    const laterBox = boxes.get(later.id) as AlertInbox;
    await waitUntil(() => otherBox.alerts.length === 1);
    await roundTrip(laterBox.socket);
    expect(laterBox.alerts).toEqual([]);
    const notified = await h.db.query<{ user_id: string }[]>(
      'SELECT user_id FROM craving_recipients WHERE craving_id = $1 AND notified_at IS NOT NULL',
      [craving.id],
    );
    expect(notified.map((r) => r.user_id)).not.toContain(later.id);
  });

  it('should take the blocker off the blocked member’s open alert too', async () => {
    const c = await buildCircle(h.t.api);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    expect((await read(c.first, craving.id)).status).toBe(200);
    expect((await block(c.first, c.owner)).status).toBe(204);
    expect((await read(c.first, craving.id)).status).toBe(404);
    expect((await read(c.owner, craving.id)).body.recipients.map((r) => r.user.id)).not.toContain(c.first.id);
    // Other recipients are untouched.
    expect((await read(c.second, craving.id)).status).toBe(200);
  });

  it('should put an alert acknowledged only by the removed member back to unanswered, and escalation goes on', async () => {
    const c = await ladderCircle();
    const contacts = [c.first, c.second, c.c3, c.c4];
    const boxes = new Map(await Promise.all(contacts.map(async (m) => [m.id, await h.inbox(m)] as const)));
    const start = new Date();
    h.clock.freeze(start);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    const responder = contacts.find((m) =>
      craving.recipients.some((r) => r.user.id === m.id && r.step === 0),
    ) as TestMember;
    const nextUp = contacts.find((m) =>
      craving.recipients.some((r) => r.user.id === m.id && r.step === 1),
    ) as TestMember;
    const acked = await h.t.api.post(
      `/cravings/${craving.id}/acknowledge`,
      { message: 'calling' },
      {
        token: responder.accessToken,
      },
    );
    expect(acked.status).toBe(200);
    expect((await read(c.owner, craving.id)).body.state).toBe('acknowledged');
    // After the acknowledgement the chain stops: step 1 finds it acknowledged and writes no next timer.
    h.clock.freeze(new Date(start.getTime() + 2 * 60_000));
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(false);

    expect((await block(c.owner, responder)).status).toBe(204);
    const after = (await read(c.owner, craving.id)).body;
    expect(after.state).toBe('triggered');
    expect(after.recipients.map((r) => r.user.id)).not.toContain(responder.id);
    // Step 1's timer is written again, due now (its time has passed).
    const timers = await h.db.query<{ step: number }[]>(
      `SELECT (data->>'step')::int AS step FROM pgboss.job
        WHERE name = $1 AND data->>'cravingId' = $2 AND state = 'created' AND start_after <= now() + interval '5 seconds'`,
      [QUEUES.cravingEscalation, craving.id],
    );
    expect(timers.map((r) => r.step)).toEqual([1]);
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(true);
    const nextBox = boxes.get(nextUp.id) as AlertInbox;
    await waitUntil(() => nextBox.alerts.length === 1);
  });

  it('should keep an alert acknowledged when someone else also acknowledged it', async () => {
    const c = await buildCircle(h.t.api);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    for (const member of [c.first, c.second]) {
      const res = await h.t.api.post(
        `/cravings/${craving.id}/acknowledge`,
        {},
        { token: member.accessToken },
      );
      expect(res.status).toBe(200);
    }
    expect((await block(c.owner, c.first)).status).toBe(204);
    const after = (await read(c.owner, craving.id)).body;
    expect(after.state).toBe('acknowledged');
    expect(after.recipients.find((r) => r.user.id === c.second.id)?.status).toBe('responding');
  });

  it('should record nothing when one of the block’s effects fails: no block, links and alerts as they were', async () => {
    const c = await buildCircle(h.t.api);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    // The sponsor and the owner are also contacts, so the block has a sponsorship, a contact link and an alert to undo.
    // The effect fails as a deadlock would (40P01: a block now locks four features' rows): a 503, nothing recorded.
    await h.db.query(`
      CREATE FUNCTION hg_test_block_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'block effect failed' USING ERRCODE = '40P01'; END $$`);
    await h.db.query(
      `CREATE TRIGGER hg_test_block_fails BEFORE DELETE ON contact_links FOR EACH ROW EXECUTE FUNCTION hg_test_block_fails()`,
    );
    try {
      const res = await block(c.owner, c.first);
      expect(res.status).toBe(503);
    } finally {
      await h.db.query('DROP TRIGGER hg_test_block_fails ON contact_links');
      await h.db.query('DROP FUNCTION hg_test_block_fails()');
    }
    expect((await h.t.api.get<unknown[]>('/blocks', { token: c.owner.accessToken })).body).toEqual([]);
    expect((await read(c.first, craving.id)).status).toBe(200);
    const contacts = await h.t.api.get('/phone-list', { token: c.owner.accessToken });
    expect(JSON.stringify(contacts.body)).toContain(c.first.id);

    // Same with the sponsorship: a failing contact-link effect leaves it active.
    await linkContacts(h.t.api, c.owner, c.sponsor);
    await h.db.query(`
      CREATE FUNCTION hg_test_block_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'block effect failed' USING ERRCODE = '40P01'; END $$`);
    await h.db.query(
      `CREATE TRIGGER hg_test_block_fails BEFORE DELETE ON contact_links FOR EACH ROW EXECUTE FUNCTION hg_test_block_fails()`,
    );
    try {
      expect((await block(c.sponsor, c.owner)).status).toBe(503);
    } finally {
      await h.db.query('DROP TRIGGER hg_test_block_fails ON contact_links');
      await h.db.query('DROP FUNCTION hg_test_block_fails()');
    }
    expect((await h.t.api.get<unknown[]>('/blocks', { token: c.sponsor.accessToken })).body).toEqual([]);
    const sponsorship = await h.t.api.get<SponsorshipBody>(`/sponsorships/${c.sponsorship.id}`, {
      token: c.sponsor.accessToken,
    });
    expect(sponsorship.body.status).toBe('active');
    expect((await read(c.sponsor, craving.id)).status).toBe(200);

    // Without the failure the same block goes through, with all its effects.
    expect((await block(c.sponsor, c.owner)).status).toBe(204);
    expect(
      (
        await h.t.api.get<SponsorshipBody>(`/sponsorships/${c.sponsorship.id}`, {
          token: c.sponsor.accessToken,
        })
      ).body.status,
    ).toBe('ended');
    expect((await read(c.sponsor, craving.id)).status).toBe(404);
  });
});
