import type { AlertCircleMember } from './alert-circle.service';
import { nextStep, planLadder, planLadderWithTexts } from './ladder';

const member = (id: string, role: AlertCircleMember['role']): AlertCircleMember => ({
  user: { id, displayName: id },
  role,
  fellowship: null,
  sponsorshipId: null,
  contactId: null,
  availableNow: true,
  availability: [],
  timezone: 'UTC',
  lastPracticeCallAt: null,
});

describe('planLadder', () => {
  const circle = [
    member('sponsor', 'primary_sponsor'),
    member('temp', 'temporary_sponsor'),
    member('c1', 'contact'),
    member('c2', 'contact'),
    member('c3', 'contact'),
    member('c4', 'contact'),
    member('c5', 'contact'),
  ];

  it('should page sponsors and the first two contacts at step 0, the next two at 1 and the rest at 2', () => {
    expect(planLadder(circle, []).map((p) => [p.member.user.id, p.role, p.step, p.priority])).toEqual([
      ['sponsor', 'primary_sponsor', 0, 1],
      ['temp', 'temporary_sponsor', 0, 2],
      ['c1', 'first_responder', 0, 3],
      ['c2', 'first_responder', 0, 4],
      ['c3', 'contact', 1, 5],
      ['c4', 'contact', 1, 6],
      ['c5', 'contact', 2, 7],
    ]);
  });

  it('should put the member’s chosen first responders first and ignore those no longer in the circle', () => {
    const plan = planLadder(circle, ['c4', 'gone']);
    expect(plan.filter((p) => p.step === 0).map((p) => p.member.user.id)).toEqual(['sponsor', 'temp', 'c4']);
    expect(plan.filter((p) => p.step === 1).map((p) => p.member.user.id)).toEqual(['c1', 'c2']);
    expect(plan.filter((p) => p.step === 2).map((p) => p.member.user.id)).toEqual(['c3', 'c5']);
  });

  describe('the chain of step timers', () => {
    const policy = {
      nextContactsAfterSeconds: 120,
      everyoneAfterSeconds: 300,
      nobodyAnsweredAfterSeconds: 600,
      overdoseRiskCard: false,
    };
    const created = new Date('2026-12-01T12:00:00Z');
    const at = (seconds: number) => new Date(created.getTime() + seconds * 1000);

    it('should schedule each next step at its own time after the alert was raised', () => {
      expect(nextStep(policy, 0, created, created)).toEqual({ step: 1, startAfterSeconds: 120 });
      expect(nextStep(policy, 1, created, at(121))).toEqual({ step: 2, startAfterSeconds: 179 });
      expect(nextStep(policy, 2, created, at(300.5))).toEqual({ step: 3, startAfterSeconds: 299.5 });
    });

    it('should make a step that is already due run at once, and end after "nobody has answered"', () => {
      expect(nextStep(policy, 1, created, at(900))).toEqual({ step: 2, startAfterSeconds: 0 });
      expect(nextStep(policy, 3, created, at(600))).toBeNull();
    });
  });
});

describe('planLadderWithTexts', () => {
  const called = (id: string, at: string | null): AlertCircleMember => ({
    ...member(id, 'contact'),
    lastPracticeCallAt: at ? new Date(at) : null,
  });

  it('should keep outside contacts out of step 0 and merge them with member contacts by last practice call', () => {
    const circle = [
      member('sponsor', 'primary_sponsor'),
      called('c1', '2026-01-05'),
      called('c2', '2026-01-04'),
      called('c3', '2026-01-02'),
      called('c4', null),
    ];
    const outside = [
      { id: 'jo', name: 'Jo', lastPracticeCallAt: new Date('2026-01-03') },
      { id: 'al', name: 'Al', lastPracticeCallAt: null },
    ];
    const plan = planLadderWithTexts(circle, [], outside);
    expect(plan.members.map((p) => [p.member.user.id, p.step, p.priority])).toEqual([
      ['sponsor', 0, 1],
      ['c1', 0, 2],
      ['c2', 0, 3],
      ['c3', 1, 5],
      ['c4', 2, 6],
    ]);
    expect(plan.texts.map((p) => [p.contact.id, p.step, p.priority])).toEqual([
      ['jo', 1, 4],
      ['al', 2, 7],
    ]);
  });

  it('should ask the first two outside contacts at once when nobody with the app is in the circle', () => {
    const outside = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id, lastPracticeCallAt: null }));
    expect(planLadderWithTexts([], [], outside).texts.map((p) => p.step)).toEqual([0, 0, 1, 1, 2]);
  });

  it('should be exactly planLadder without outside contacts', () => {
    const circle = [member('s', 'primary_sponsor'), member('a', 'contact'), member('b', 'contact'), member('c', 'contact')];
    expect(planLadderWithTexts(circle, ['b'], []).members).toEqual(planLadder(circle, ['b']));
  });

  it('should ask outside contacts the member named as first responders at step 0, in the member\'s order', () => {
    const circle = [member('sponsor', 'primary_sponsor'), called('c1', '2026-01-05'), called('c2', '2026-01-04'), called('c3', null)];
    const outside = [
      { id: 'jo', name: 'Jo', lastPracticeCallAt: new Date('2026-01-03') },
      { id: 'al', name: 'Al', lastPracticeCallAt: null },
    ];
    const plan = planLadderWithTexts(circle, ['jo', 'c2', 'gone'], outside);
    expect(plan.members.map((p) => [p.member.user.id, p.role, p.step, p.priority])).toEqual([
      ['sponsor', 'primary_sponsor', 0, 1],
      ['c2', 'first_responder', 0, 3],
      ['c1', 'contact', 1, 4],
      ['c3', 'contact', 1, 5],
    ]);
    // Al was never called, like c3: the member comes first on a tie.
    expect(plan.texts.map((p) => [p.contact.id, p.step, p.priority])).toEqual([
      ['jo', 0, 2],
      ['al', 2, 6],
    ]);
    // Only outside first responders: the member contacts wait for their steps, nobody is added at step 0.
    const onlyOutside = planLadderWithTexts([called('c1', null), called('c2', null)], ['al'], outside);
    expect(onlyOutside.texts.map((p) => [p.contact.id, p.step])).toEqual([
      ['al', 0],
      ['jo', 1],
    ]);
    expect(onlyOutside.members.map((p) => [p.member.user.id, p.step])).toEqual([
      ['c1', 1],
      ['c2', 2],
    ]);
  });
});
