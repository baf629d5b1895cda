import { type ServerEventPayload } from '@homegroup/contracts';
import { buildCircle, raiseCraving, type CravingBody, cravingHarness } from '../../factories/craving.factory';
import { registerMember, type TestMember } from '../../factories/member.factory';
import { connectSocket, nextEvent, type TestSocket } from '../../utils/socket-client';

const MINUTE = 60_000;
/** Any US number in a text for a member elsewhere is the defect. */
const US_NUMBERS = /\b(988|911)\b/;

type Escalated = ServerEventPayload<'craving.escalated'>;
type WithDisclaimer = { disclaimer: string; crisisResources: { phone: string | null }[] };

/**
 * Issue 9 defect 9: the "nobody has answered" and escalation texts and their fallbacks named 988 and 911 to
 * every member. Every text now comes from the alert owner's country (GB is seeded: 999, Samaritans 116 123);
 * a country without stored lines gets no lines and neutral wording; a member without a country the US lines.
 */
describe('crisis texts come from the alert owner’s country', () => {
  const h = cravingHarness();

  const setCountry = async (member: TestMember, country: string | null): Promise<void> => {
    expect((await h.t.api.patch('/me', { country }, { token: member.accessToken })).status).toBe(200);
  };

  const listen = async (member: TestMember): Promise<{ socket: TestSocket; escalated: Escalated[] }> => {
    const escalated: Escalated[] = [];
    const socket = await connectSocket(h.t.baseUrl, member.accessToken, (s) => {
      s.on('craving.escalated', (p) => escalated.push(p));
    });
    h.sockets.push(socket);
    return { socket, escalated };
  };

  /** Raises with the clock frozen, then fires steps 1–3 as their jobs would. The owner's escalations. */
  const escalateToTheEnd = async (
    owner: TestMember,
  ): Promise<{ craving: CravingBody; events: Escalated[] }> => {
    const { escalated } = await listen(owner);
    const start = new Date();
    h.clock.freeze(start);
    const craving = (await raiseCraving(h.t.api, owner)).body;
    for (const [step, at] of [
      [1, 2],
      [2, 5],
      [3, 30],
    ] as const) {
      h.clock.freeze(new Date(start.getTime() + at * MINUTE));
      expect(await h.escalation.fireStep(craving.id, step)).toBe(true);
    }
    const deadline = Date.now() + 10_000;
    while (escalated.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(escalated.map((e) => e.step)).toEqual([1, 2, 3]);
    return { craving, events: escalated };
  };

  it('should word "nobody has answered yet", the disclaimers and the views with the GB lines for a GB member', async () => {
    const c = await buildCircle(h.t.api);
    await setCountry(c.owner, 'GB');
    const { craving, events } = await escalateToTheEnd(c.owner);
    const last = events[2];
    expect(last.message).toBe(
      'Nobody has answered yet. Call someone from your list, or Samaritans on 116 123; in an emergency, call 999.',
    );
    for (const e of events) {
      expect(e.disclaimer).toMatch(/call 999/);
      expect(e.disclaimer).not.toMatch(US_NUMBERS);
      expect(e.crisisResources.map((r) => r.phone)).toEqual(['999', '116 123']);
    }
    expect(craving.disclaimer).toMatch(/call 999/);
    const asRecipient = await h.t.api.get<WithDisclaimer>(`/cravings/${craving.id}`, {
      token: c.sponsor.accessToken,
    });
    expect(asRecipient.body.disclaimer).toMatch(/call 999/);
    expect(asRecipient.body.disclaimer).not.toMatch(US_NUMBERS);

    // "used", with the overdose-risk card: its emergency number is the GB one too.
    expect(
      (await h.t.api.put('/me/escalation-policy', { overdoseRiskCard: true }, { token: c.owner.accessToken }))
        .status,
    ).toBe(200);
    const resolved = await h.t.api.post<{ overdoseRisk?: { points: string[] } }>(
      `/cravings/${craving.id}/resolve`,
      { outcome: 'used' },
      { token: c.owner.accessToken },
    );
    expect(resolved.status).toBe(200);
    const points = resolved.body.overdoseRisk?.points.join(' ') ?? '';
    expect(points).toMatch(/call 999, give naloxone/);
    expect(points).not.toMatch(US_NUMBERS);
  });

  it('should tell a GB member with nobody in their circle to call the GB lines', async () => {
    const lonely = await registerMember(h.t.api);
    await setCountry(lonely, 'gb');
    const { socket } = await listen(lonely);
    const told = nextEvent(socket, 'craving.escalated');
    const res = await raiseCraving(h.t.api, lonely, { intensity: 8 });
    expect(res.status).toBe(201);
    const event = await told;
    expect(event.message).toMatch(
      /^Nobody is in your alert circle yet, so nobody was paged\. Call Samaritans on 116 123 now; in an emergency, call 999\./,
    );
    expect(event.message).not.toMatch(US_NUMBERS);
  });

  it('should word the too-many-alerts refusal with the GB lines', async () => {
    const member = await registerMember(h.t.api);
    await setCountry(member, 'GB');
    let refusal: { status: number; body: { message?: string } } | undefined;
    for (let i = 0; i < 12 && !refusal; i += 1) {
      const res = await raiseCraving(h.t.api, member, { intensity: 3 });
      if (res.status === 429) refusal = res as unknown as { status: number; body: { message?: string } };
      else {
        expect(res.status).toBe(201);
        await h.t.api.post(
          `/cravings/${res.body.id}/resolve`,
          { outcome: 'passed' },
          { token: member.accessToken },
        );
      }
    }
    expect(refusal?.body.message).toMatch(/Samaritans on 116 123; in an emergency, call 999\./);
    expect(refusal?.body.message).not.toMatch(US_NUMBERS);
  });

  it('should give a member of a country without stored lines no foreign numbers, and neutral wording', async () => {
    const c = await buildCircle(h.t.api);
    await setCountry(c.owner, 'FR');
    const { craving, events } = await escalateToTheEnd(c.owner);
    expect(craving.crisisResources).toEqual([]);
    expect(events[2].message).toBe(
      'Nobody has answered yet. Call someone from your list, or a local crisis line; in an emergency, call your local emergency number.',
    );
    for (const e of events) expect(`${e.disclaimer} ${e.message ?? ''}`).not.toMatch(US_NUMBERS);
    expect(craving.disclaimer).toMatch(/call your local emergency number now/);

    const fr = await h.t.api.get<WithDisclaimer>('/crisis-resources?country=FR');
    expect(fr.body.crisisResources).toEqual([]);
    expect(fr.body.disclaimer).not.toMatch(US_NUMBERS);
  });

  it('should keep the US lines and wording for a member without a country', async () => {
    const c = await buildCircle(h.t.api);
    await setCountry(c.owner, null);
    const { events } = await escalateToTheEnd(c.owner);
    expect(events[2].message).toBe(
      'Nobody has answered yet. Call someone from your list, or 988 (call or text); in an emergency, call 911.',
    );
    expect(events[2].disclaimer).toMatch(/call 911 \(or your local emergency number\) now/);
  });
});
