import { Injectable } from '@nestjs/common';
import {
  ActiveSponsor,
  type ActiveSponsorRow,
  activeSponsorsSql,
  SponsorshipsRepository,
  toActiveSponsor,
} from './sponsorships.repository';

/** Read-only questions other features ask about sponsorships (the alert circle, craving alerts). */
@Injectable()
export class SponsorshipQueries {
  constructor(private readonly sponsorships: SponsorshipsRepository) {}

  /**
   * The member's active sponsors, primary sponsor first, then temporary sponsors, oldest first. Reads the
   * committed state: an ended sponsorship is gone from here as soon as `end` returned.
   */
  activeSponsorsOf(sponseeId: string): Promise<ActiveSponsor[]> {
    return this.sponsorships.activeSponsorsOf(sponseeId);
  }

  /**
   * The same question as SQL for a caller's own statement (`sponseeParam` is its placeholder, e.g. `$1`); read
   * its rows as `json_agg(x ORDER BY x.ordinal)` and hand them to `activeSponsorsFromJson`.
   */
  static activeSponsorsSql(sponseeParam: string): string {
    return activeSponsorsSql(sponseeParam);
  }

  static activeSponsorsFromJson(rows: ActiveSponsorRow[]): ActiveSponsor[] {
    return rows.map(toActiveSponsor);
  }
}
