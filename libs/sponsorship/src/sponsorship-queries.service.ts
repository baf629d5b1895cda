import { Injectable } from '@nestjs/common';
import { ActiveSponsor, SponsorshipsRepository } from './sponsorships.repository';

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
}
