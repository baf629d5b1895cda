import type { CrisisResource } from '@homegroup/contracts';
import type { OverdoseRiskCardDto } from './dto/craving.response.dto';

/**
 * Every sentence of the alert path that names a crisis line or an emergency number, composed from ONE
 * country's lines (the alert owner's, see CrisisResourcesService.forCountry) — never a hard-coded US number.
 * A country with no stored lines gets the neutral wording ("a local crisis line", "your local emergency
 * number"), and an empty list of lines: a number from another country could be the wrong one to call.
 * See docs/adr/0019-alert-races-sweeper-and-local-crisis-text.md.
 */
export type CrisisTexts = {
  /** Step 3, to the owner. */
  nobodyAnswered: string;
  /** Raising an alert with nobody in the circle. */
  nobodyInCircle: string;
  /** Raising too many alerts in an hour. */
  tooManyAlerts: string;
  /** With every alert view and escalation. */
  disclaimer: string;
  /** Answering "used", when the owner's policy shows it. */
  overdoseRiskCard: OverdoseRiskCardDto;
};

/** "988 (call or text)", "Samaritans on 116 123"; undefined when the country has no crisis line or helpline. */
function crisisLine(resources: readonly CrisisResource[]): string | undefined {
  const line =
    resources.find((r) => r.kind === 'crisis_line' && (r.phone || r.sms)) ??
    resources.find((r) => r.kind === 'helpline' && (r.phone || r.sms));
  if (!line) return undefined;
  if (line.phone && line.sms && line.phone === line.sms) return `${line.phone} (call or text)`;
  if (line.phone) return line.name.includes(line.phone) ? line.phone : `${line.name} on ${line.phone}`;
  return `${line.name} (text ${line.sms})`;
}

function emergencyNumber(resources: readonly CrisisResource[]): string | undefined {
  return resources.find((r) => r.kind === 'emergency' && r.phone)?.phone ?? undefined;
}

/** Per list of lines: CrisisResourcesService hands out the same (cached) array for a country each time. */
const memo = new WeakMap<readonly CrisisResource[], CrisisTexts>();

export function crisisTexts(resources: readonly CrisisResource[]): CrisisTexts {
  const known = memo.get(resources);
  if (known) return known;
  const line = crisisLine(resources) ?? 'a local crisis line';
  const emergency = emergencyNumber(resources);
  const callEmergency = emergency ? `call ${emergency}` : 'call your local emergency number';
  const texts: CrisisTexts = {
    nobodyAnswered: `Nobody has answered yet. Call someone from your list, or ${line}; in an emergency, ${callEmergency}.`,
    nobodyInCircle:
      `Nobody is in your alert circle yet, so nobody was paged. Call ${line} now; in an emergency, ${callEmergency}. ` +
      'Ask your sponsor or phone-list contacts to accept your alerts so they can be there next time.',
    tooManyAlerts:
      'You raised many alerts in the last hour, so this one was not sent again. Call someone from your list directly, ' +
      `or ${line}; in an emergency, ${callEmergency}.`,
    disclaimer:
      `Homegroup is not an emergency service. If you are in danger, may overdose, or someone is not breathing, ${callEmergency} ` +
      (emergency ? '(or your local emergency number) now.' : 'now.'),
    overdoseRiskCard: {
      title: 'You matter. Please stay safe right now',
      points: [
        'Your tolerance drops fast after time without using: a dose you used before can now kill.',
        'Have naloxone (Narcan) with you and tell someone where it is.',
        'Do not use alone. If you do, use a never-use-alone line or tell someone to check on you.',
        `If someone is hard to wake or not breathing: ${callEmergency}, give naloxone, and stay with them.`,
      ],
    },
  };
  memo.set(resources, texts);
  return texts;
}
