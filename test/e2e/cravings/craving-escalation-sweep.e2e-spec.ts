import { QUEUES, type ServerEventPayload } from '@homegroup/contracts';
import { SWEEP_GRACE_SECONDS } from '@homegroup/cravings';
import {
  AlertInbox,
  buildCircle,
  consentingContact,
  raiseCraving,
  roundTrip,
  cravingHarness,
} from '../../factories/craving.factory';
import type { TestMember } from '../../factories/member.factory';
import { registerSponsee } from '../../factories/sponsorship.factory';
import { connectSocket } from '../../utils/socket-client';
import { waitUntil } from '../../utils/wait-for';

const MINUTE = 60_000;

/**
 * Issue 9 defect 8d: the ladder is a chain of jobs, so a step whose job was lost (retries exhausted, deleted)
 * ended it: later steps and "nobody has answered yet" never came. The sweeper finds overdue steps of open
 * alerts and fires them, each step once even when the job and the sweeper race. Driven directly, with the
 * controlled clock.
 */
describe('craving alerts: the escalation sweeper fires steps whose job was lost', () => {
  const h = cravingHarness();

  const ownerEscalations = async (owner: TestMember) => {
    const escalated: ServerEventPayload<'craving.escalated'>[] = [];
    const socket = await connectSocket(h.t.baseUrl, owner.accessToken, (s) => {
      s.on('craving.escalated', (p) => escalated.push(p));
    });
    h.sockets.push(socket);
    return { socket, escalated };
  };

  /** Kills the chain: every escalation job of the alert is gone (as if its retries were exhausted and purged). */
  const killChain = async (cravingId: string): Promise<void> => {
    await h.db.query(`DELETE FROM pgboss.job WHERE name = $1 AND data->>'cravingId' = $2`, [
      QUEUES.cravingEscalation,
      cravingId,
    ]);
  };

  const stepOf = async (cravingId: string): Promise<number> =>
    (await h.db.query<{ step: number }[]>(`SELECT step FROM cravings WHERE id = $1`, [cravingId]))[0].step;

  /** Sweeps until nothing more fires (other files' alerts in this database are not ours to count). */
  const sweep = (): Promise<number> => h.escalation.sweepOverdueSteps();

  it('should fire a lost step, then the later steps and "nobody has answered yet", each once', async () => {
    const c = await buildCircle(h.t.api);
    const c3 = (await consentingContact(h.t.api, c.owner, 'Third')).contact;
    const c4 = (await consentingContact(h.t.api, c.owner, 'Fourth')).contact;
    const c5 = (await consentingContact(h.t.api, c.owner, 'Fifth')).contact;
    const owner = await ownerEscalations(c.owner);
    const boxes = new Map<string, AlertInbox>();
    for (const m of [c.first, c.second, c3, c4, c5]) boxes.set(m.id, await h.inbox(m));
    const start = new Date();
    h.clock.freeze(start);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    await killChain(craving.id);
    // Which contacts the ladder put at steps 1 and 2 (contacts are ordered by their last practice call).
    const atStep = (step: number) =>
      craving.recipients.filter((r) => r.step === step).map((r) => boxes.get(r.user.id) as AlertInbox);
    const [box3, box4] = atStep(1);
    const [box5] = atStep(2);

    // Before the step is overdue by the grace, the sweeper leaves it to its job.
    h.clock.freeze(new Date(start.getTime() + 2 * MINUTE + (SWEEP_GRACE_SECONDS - 5) * 1000));
    expect(await sweep()).toBe(0);
    expect(await stepOf(craving.id)).toBe(0);

    // Step 1 (due at +2 min) is lost: the sweeper fires it.
    h.clock.freeze(new Date(start.getTime() + 2 * MINUTE + (SWEEP_GRACE_SECONDS + 1) * 1000));
    expect(await sweep()).toBe(1);
    expect(await stepOf(craving.id)).toBe(1);
    await waitUntil(
      () => box3.alerts.length === 1 && box4.alerts.length === 1 && owner.escalated.length === 1,
    );
    expect(owner.escalated[0]).toMatchObject({ cravingId: craving.id, step: 1 });
    // A second sweep (and the lost job, were it to come back) changes nothing.
    expect(await sweep()).toBe(0);
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(false);

    // The chain was killed again (step 1 wrote step 2's timer): steps 2 and 3 are both overdue and fire in order.
    await killChain(craving.id);
    h.clock.freeze(new Date(start.getTime() + 20 * MINUTE));
    expect(await sweep()).toBe(2);
    expect(await stepOf(craving.id)).toBe(3);
    await waitUntil(() => box5.alerts.length === 1 && owner.escalated.length === 3);
    expect(owner.escalated.map((e) => e.step)).toEqual([1, 2, 3]);
    expect(owner.escalated[2].message).toMatch(/Nobody has answered yet/);
    expect(await sweep()).toBe(0);
    await roundTrip(owner.socket);
    expect(owner.escalated).toHaveLength(3);
    expect([box3.alerts.length, box4.alerts.length, box5.alerts.length]).toEqual([1, 1, 1]);
  });

  it('should send a step once when its job and the sweeper run it at the same moment', async () => {
    const c = await buildCircle(h.t.api);
    await consentingContact(h.t.api, c.owner, 'Third');
    const owner = await ownerEscalations(c.owner);
    const start = new Date();
    h.clock.freeze(start);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    h.clock.freeze(new Date(start.getTime() + 20 * MINUTE));
    // The late job of step 1 and a sweep, together: the sweep may also carry on to steps 2 and 3.
    const [job, swept] = await Promise.all([h.escalation.fireStep(craving.id, 1), sweep()]);
    const firedSteps = (job ? 1 : 0) + swept;
    expect(await stepOf(craving.id)).toBe(3);
    expect(await sweep()).toBe(0);
    await waitUntil(() => owner.escalated.length >= 3);
    await roundTrip(owner.socket);
    expect(owner.escalated.map((e) => e.step)).toEqual([1, 2, 3]);
    expect(firedSteps).toBe(3);
  });

  it('should leave alerts alone once someone answered, and alerts that paged nobody', async () => {
    const c = await buildCircle(h.t.api);
    const lonely = await registerSponsee(h.t.api, {}, 'Lonely L.');
    const start = new Date();
    h.clock.freeze(start);
    const answered = (await raiseCraving(h.t.api, c.owner)).body;
    const nobody = (await raiseCraving(h.t.api, lonely)).body;
    expect(nobody.recipients).toEqual([]);
    expect(
      (await h.t.api.post(`/cravings/${answered.id}/acknowledge`, {}, { token: c.sponsor.accessToken }))
        .status,
    ).toBe(200);
    await killChain(answered.id);
    h.clock.freeze(new Date(start.getTime() + 30 * MINUTE));
    await sweep();
    expect(await stepOf(answered.id)).toBe(0);
    expect(await stepOf(nobody.id)).toBe(0);
  });
});
