import { Injectable } from '@nestjs/common';
import { Clock } from '@homegroup/operations';
import { AvailabilityWindow, ContactQueries, type ConsentingContact } from '@homegroup/phone-list';
import { type ActiveSponsor, SponsorshipQueries } from '@homegroup/sponsorship';

export type AlertCircleRole = 'primary_sponsor' | 'temporary_sponsor' | 'contact';

export type AlertCircleMember = {
  user: { id: string; displayName: string };
  role: AlertCircleRole;
  /** Sponsors: the fellowship of the sponsorship. */
  fellowship: string | null;
  sponsorshipId: string | null;
  /** The member's own contactId for this person, when they are on the member's phone list. */
  contactId: string | null;
  /** Whether they are inside their availability windows now (sponsors without windows: always). */
  availableNow: boolean;
  /** Their windows, in their own time zone; empty = any time. */
  availability: AvailabilityWindow[];
  timezone: string | null;
  lastPracticeCallAt: Date | null;
};

/** The columns `columnsSql` adds to a row. */
export type CircleColumns = {
  sponsors: Parameters<typeof SponsorshipQueries.activeSponsorsFromJson>[0];
  contacts: Parameters<typeof ContactQueries.consentingContactsFromJson>[0];
};

/**
 * Who receives a member's craving alerts, in priority order: the primary sponsor, temporary sponsors, then
 * phone-list contacts who consented (acceptsAlerts towards the member), most recently practice-called first.
 * Read at the moment it is asked: ending a sponsorship or withdrawing consent takes effect at once.
 * The craving feature snapshots exactly this list when an alert is created.
 */
@Injectable()
export class AlertCircleService {
  constructor(
    private readonly sponsorships: SponsorshipQueries,
    private readonly contacts: ContactQueries,
    private readonly clock: Clock,
  ) {}

  async circleOf(memberId: string, at: Date = this.clock.now()): Promise<AlertCircleMember[]> {
    const [sponsors, consenting] = await Promise.all([
      this.sponsorships.activeSponsorsOf(memberId),
      this.contacts.consentingContactsOf(memberId, at),
    ]);
    return AlertCircleService.compose(sponsors, consenting);
  }

  /**
   * The circle as SQL columns `sponsors` and `contacts` (JSON arrays) for a statement that reads the member in
   * `memberParam` (a placeholder such as `$1`, not a column: the queries have aliases of their own): raising an alert reads its owner and their whole circle in one round trip. The same
   * queries as `circleOf`, so both always agree; turn the row back with `fromColumns`.
   */
  static columnsSql(memberParam: string): string {
    return `(SELECT COALESCE(json_agg(s ORDER BY s.ordinal), '[]') FROM (${SponsorshipQueries.activeSponsorsSql(memberParam)}) s) AS sponsors,
            (SELECT COALESCE(json_agg(k ORDER BY k.ordinal), '[]') FROM (${ContactQueries.consentingContactsSql(memberParam)}) k) AS contacts`;
  }

  static fromColumns(row: CircleColumns, at: Date): AlertCircleMember[] {
    return AlertCircleService.compose(
      SponsorshipQueries.activeSponsorsFromJson(row.sponsors),
      ContactQueries.consentingContactsFromJson(row.contacts, at),
    );
  }

  private static compose(sponsors: ActiveSponsor[], consenting: ConsentingContact[]): AlertCircleMember[] {
    const contactByMember = new Map(consenting.map((c) => [c.memberId, c]));
    const circle: AlertCircleMember[] = [];
    const seen = new Set<string>();
    for (const sponsor of sponsors) {
      if (seen.has(sponsor.sponsorId)) continue;
      seen.add(sponsor.sponsorId);
      const contact = contactByMember.get(sponsor.sponsorId);
      circle.push({
        user: { id: sponsor.sponsorId, displayName: sponsor.displayName },
        role: sponsor.kind === 'sponsor' ? 'primary_sponsor' : 'temporary_sponsor',
        fellowship: sponsor.fellowship,
        sponsorshipId: sponsor.sponsorshipId,
        contactId: contact?.contactId ?? null,
        availableNow: contact?.availableNow ?? true,
        availability: contact?.availability ?? [],
        timezone: contact?.timezone ?? null,
        lastPracticeCallAt: contact?.lastPracticeCallAt ?? null,
      });
    }
    for (const contact of consenting) {
      if (seen.has(contact.memberId)) continue;
      seen.add(contact.memberId);
      circle.push({
        user: { id: contact.memberId, displayName: contact.displayName },
        role: 'contact',
        fellowship: null,
        sponsorshipId: null,
        contactId: contact.contactId,
        availableNow: contact.availableNow,
        availability: contact.availability,
        timezone: contact.timezone,
        lastPracticeCallAt: contact.lastPracticeCallAt,
      });
    }
    return circle;
  }
}
