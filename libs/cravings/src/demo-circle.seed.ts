import type { INestApplicationContext } from '@nestjs/common';
import { type AuthUser, demoAccounts, type UserEntity } from '@homegroup/identity';
import { ContactLinksService, ContactsService } from '@homegroup/phone-list';
import { SponsorProfileService, SponsorshipsService } from '@homegroup/sponsorship';
import { AlertCircleService } from './alert-circle.service';

const SAM = 'sam@demo.homegroup.local';
const SPONSOR = 'alex@demo.homegroup.local';
const CONTACTS = ['jo@demo.homegroup.local', 'priya@demo.homegroup.local'];

const asCaller = (user: UserEntity): AuthUser => ({
  id: user.id,
  displayName: user.displayName,
  timezone: user.timezone,
  user,
});

/**
 * The demo's alert circle, built through the real services (the same rules as the API): Alex sponsors Sam (NA),
 * Jo and Priya are on Sam's phone list and accept Sam's alerts. So after `npm start`, Sam's "I'm craving" pages
 * three people. Does nothing when Sam already has a circle or a demo member is missing (or is not the seed's
 * own account). Answers whether it built it.
 */
export async function seedDemoCircle(app: INestApplicationContext): Promise<boolean> {
  // The seed's own accounts only: an account someone registered with a demo email is left alone.
  const accounts = await demoAccounts(app);
  const [sam, sponsor, ...contacts] = [SAM, SPONSOR, ...CONTACTS].map((e) => accounts.get(e));
  if (!sam || !sponsor || contacts.some((c) => !c)) return false;
  if ((await app.get(AlertCircleService, { strict: false }).circleOf(sam.id)).length > 0) return false;

  await app.get(SponsorProfileService, { strict: false }).upsert(asCaller(sponsor), {
    available: true,
    maxSponsees: 3,
    fellowships: ['NA'],
  });
  const sponsorships = app.get(SponsorshipsService, { strict: false });
  const request = await sponsorships.request(asCaller(sam), { sponsorId: sponsor.id, fellowship: 'NA' });
  await sponsorships.accept(asCaller(sponsor), request.id);

  const links = app.get(ContactLinksService, { strict: false });
  const settings = app.get(ContactsService, { strict: false });
  for (const contact of contacts as UserEntity[]) {
    const link = await links.link(sam.id, contact.id, 'invite');
    const theirs = link.contacts[contact.id];
    await settings.update({ id: contact.id, displayName: contact.displayName }, theirs.id, {
      acceptsAlerts: true,
    });
  }
  return true;
}
