import { Injectable } from '@nestjs/common';
import { Clock } from '@homegroup/operations';
import { AvailabilityWindow, isAvailableAt, zoneOrUtc } from './availability';
import { consentingContactsSql, ContactsRepository, type ConsentingContactRow } from './contacts.repository';
import { OutsideContactsRepository } from './outside-contacts.repository';

type ConsentingRow = Omit<ConsentingContactRow, 'lastPracticeCallAt'> & {
  lastPracticeCallAt: Date | string | null;
};

/** A contact who consented to receive a member's craving alerts. */
export type ConsentingContact = {
  /** The member's own contactId for this contact (what `GET /phone-list` shows the member). */
  contactId: string;
  /** The consenting contact's row toward the member (where their consent is stored). */
  consentContactId: string;
  /** The contact's member id. */
  memberId: string;
  displayName: string;
  /** The contact's IANA time zone, in which `availability` applies. */
  timezone: string;
  availability: AvailabilityWindow[];
  availableNow: boolean;
  /** The member's most recent practice call to this contact. */
  lastPracticeCallAt: Date | null;
};

/** Read-only questions other features (the alert circle, craving alerts) ask about the phone list. */
@Injectable()
export class ContactQueries {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly outside: OutsideContactsRepository,
    private readonly clock: Clock,
  ) {}

  /** Which of `ids` are the member's outside contacts (no account) who agreed to get their alerts by text. */
  async consentingOutsideContactIds(memberId: string, ids: readonly string[]): Promise<string[]> {
    return ids.length === 0 ? [] : this.outside.consentingAmong(memberId, ids);
  }

  /**
   * The contacts who gave consent to receive `memberId`'s craving alerts, most recently practice-called by
   * the member first (never-called last). Reads committed data: a withdrawal is visible at once.
   */
  async consentingContactsOf(memberId: string, at: Date = this.clock.now()): Promise<ConsentingContact[]> {
    return ContactQueries.withAvailability(await this.contacts.consentingTowards(memberId), at);
  }

  /**
   * The same question as SQL for a caller's own statement (`memberParam` is its placeholder, e.g. `$1`); read
   * its rows as `json_agg(x ORDER BY x.ordinal)` and hand them to `consentingContactsFromJson`.
   */
  static consentingContactsSql(memberParam: string): string {
    return consentingContactsSql(memberParam);
  }

  static consentingContactsFromJson(rows: ConsentingRow[], at: Date): ConsentingContact[] {
    return ContactQueries.withAvailability(rows, at);
  }

  /** A row of the query, read directly or out of a JSON column (dates as strings), with availability now. */
  private static withAvailability(rows: ConsentingRow[], at: Date): ConsentingContact[] {
    return rows.map((row) => {
      const timezone = zoneOrUtc(row.timezone);
      return {
        contactId: row.contactId,
        consentContactId: row.consentContactId,
        memberId: row.memberId,
        displayName: row.displayName,
        timezone,
        availability: row.availability,
        availableNow: isAvailableAt(row.availability, timezone, at),
        lastPracticeCallAt: row.lastPracticeCallAt ? new Date(row.lastPracticeCallAt) : null,
      };
    });
  }
}
