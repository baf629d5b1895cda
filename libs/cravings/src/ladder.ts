import type { AlertCircleMember } from './alert-circle.service';
import type { CravingRecipientRole } from './entities/craving-recipient.entity';
import type { PolicySnapshot } from './entities/craving.entity';

/** Step 0: sponsors and first responders; 1: the next contacts; 2: everyone; 3: "nobody has answered". */
export const STEP_FIRST = 0;
export const STEP_NEXT_CONTACTS = 1;
export const STEP_EVERYONE = 2;
export const STEP_NOBODY_ANSWERED = 3;
/** How many contacts answer first by default, and how many the next step adds. */
export const DEFAULT_FIRST_RESPONDERS = 2;
export const NEXT_CONTACTS = 2;

export type PlannedRecipient = {
  member: AlertCircleMember;
  role: CravingRecipientRole;
  step: number;
  priority: number;
};

/** An outside contact (no account) who gave consent to the owner's alerts: texted at their step (ADR 0049). */
export type TextContact = { id: string; name: string; lastPracticeCallAt: Date | null };

export type PlannedText = { contact: TextContact; step: number; priority: number };

/**
 * Puts the alert circle (already in order: primary sponsor, temporary sponsors, contacts by last practice
 * call) on the ladder. Sponsors and the first responders (the member's choice, in their order; by default
 * the first two contacts) answer at step 0, the next two contacts at step 1, everyone else at step 2.
 * A chosen first responder who is no longer in the circle is simply absent.
 */
export function planLadder(
  circle: readonly AlertCircleMember[],
  firstResponderIds: readonly string[],
): PlannedRecipient[] {
  return planLadderWithTexts(circle, firstResponderIds, []).members;
}

const lastCall = (d: Date | null): number => (d ? new Date(d).getTime() : Number.NEGATIVE_INFINITY);

/**
 * The ladder with the owner's consenting outside contacts (ADR 0049). The policy's first responders may name them
 * as well as member contacts (in the member's order, all at step 0, ADR 0049 amendment); the others join the
 * contacts after the first responders, merged with the
 * member contacts by the owner's last practice call (most recent first, never called last; a member before an
 * outside contact on a tie), and the next two of that list are asked at step 1, everyone else at step 2, as
 * for member contacts. When step 0 would be empty (no sponsor and no member contact at all), the first two of
 * that list are asked at step 0 instead, so an alert never waits for its first rung. Priorities are one sequence
 * over both kinds. Without outside contacts this is exactly `planLadder`.
 */
export function planLadderWithTexts(
  circle: readonly AlertCircleMember[],
  firstResponderIds: readonly string[],
  outside: readonly TextContact[],
): { members: PlannedRecipient[]; texts: PlannedText[] } {
  const sponsors = circle.filter((m) => m.role !== 'contact');
  const contacts = circle.filter((m) => m.role === 'contact');
  const byId = new Map(contacts.map((c) => [c.user.id, c]));
  const outsideById = new Map(outside.map((c) => [c.id, c]));
  const chosen = firstResponderIds
    .map((id) => byId.get(id) ?? outsideById.get(id))
    .filter((c): c is AlertCircleMember | TextContact => c !== undefined);
  const chosenMembers = chosen.filter((c): c is AlertCircleMember => 'user' in c);
  const chosenTexts = chosen.filter((c): c is TextContact => !('user' in c));
  const first = chosen.length > 0 ? chosenMembers : contacts.slice(0, DEFAULT_FIRST_RESPONDERS);
  const firstIds = new Set(first.map((c) => c.user.id));
  const restMembers = contacts.filter((c) => !firstIds.has(c.user.id));
  const chosenTextIds = new Set(chosenTexts.map((c) => c.id));
  const restOutside = outside.filter((c) => !chosenTextIds.has(c.id));
  // A stable merge of two lists each already in order (most recently called first).
  const rest: ({ member: AlertCircleMember } | { contact: TextContact })[] = [];
  let m = 0;
  let o = 0;
  while (m < restMembers.length || o < restOutside.length) {
    const member = restMembers[m];
    const contact = restOutside[o];
    if (member && (!contact || lastCall(member.lastPracticeCallAt) >= lastCall(contact.lastPracticeCallAt))) {
      rest.push({ member });
      m += 1;
    } else if (contact) {
      rest.push({ contact });
      o += 1;
    }
  }
  const atStepZero = sponsors.length + first.length + chosenTexts.length === 0 ? DEFAULT_FIRST_RESPONDERS : 0;
  const stepOf = (index: number): number =>
    index < atStepZero ? STEP_FIRST : index < atStepZero + NEXT_CONTACTS ? STEP_NEXT_CONTACTS : STEP_EVERYONE;
  const members: PlannedRecipient[] = [
    ...sponsors.map((member) => ({ member, role: member.role, step: STEP_FIRST })),
    ...first.map((member) => ({ member, role: 'first_responder' as const, step: STEP_FIRST })),
  ].map((p, index) => ({ ...p, priority: index + 1 }));
  // Chosen outside first responders keep their place in the member's order among the step-0 people.
  const texts: PlannedText[] = chosenTexts.map((contact) => ({
    contact,
    step: STEP_FIRST,
    priority: sponsors.length + chosen.indexOf(contact) + 1,
  }));
  members.forEach((p) => {
    if (chosen.length > 0 && p.role === 'first_responder') p.priority = sponsors.length + chosen.indexOf(p.member) + 1;
  });
  const before = sponsors.length + first.length + chosenTexts.length;
  rest.forEach((entry, index) => {
    const at = before + index + 1;
    if ('member' in entry) members.push({ member: entry.member, role: 'contact', step: stepOf(index), priority: at });
    else texts.push({ contact: entry.contact, step: stepOf(index), priority: at });
  });
  return { members, texts };
}

/** When escalation step `step` (1..3) falls due, in seconds after the alert was raised, by the alert's own policy. */
export function stepDelaySeconds(policy: PolicySnapshot, step: number): number {
  if (step === STEP_NEXT_CONTACTS) return policy.nextContactsAfterSeconds;
  if (step === STEP_EVERYONE) return policy.everyoneAfterSeconds;
  if (step === STEP_NOBODY_ANSWERED) return policy.nobodyAnsweredAfterSeconds;
  throw new RangeError(`no escalation step ${step}`);
}

/**
 * The ladder's timers are a chain: raising an alert writes step 1's; each step that fires writes the next one's
 * in the same statement (so nothing more is scheduled, or runs, once someone has acknowledged). The next step
 * after `step`, and how many seconds from `now` it falls due (0 when its time has passed: a late step does not
 * delay the next); null after "nobody has answered".
 */
export function nextStep(
  policy: PolicySnapshot,
  step: number,
  createdAt: Date,
  now: Date,
): { step: number; startAfterSeconds: number } | null {
  if (step >= STEP_NOBODY_ANSWERED) return null;
  const next = step + 1;
  const dueAt = createdAt.getTime() + stepDelaySeconds(policy, next) * 1000;
  return { step: next, startAfterSeconds: Math.max(0, (dueAt - now.getTime()) / 1000) };
}
