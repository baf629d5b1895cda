import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@homegroup/identity';
import { NotificationsModule } from '@homegroup/notifications';
import { RealtimeModule } from '@homegroup/realtime';
import { SmsModule } from '@homegroup/sms';
import { ContactInvitesController } from './contact-invites.controller';
import { ContactInvitesRepository } from './contact-invites.repository';
import { ContactInvitesService } from './contact-invites.service';
import { ContactLinksService } from './contact-links.service';
import { ContactQueries } from './contact-queries.service';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { ContactInviteEntity } from './entities/contact-invite.entity';
import { ContactLinkEntity } from './entities/contact-link.entity';
import { ContactEntity } from './entities/contact.entity';
import { PracticeCallEntity } from './entities/practice-call.entity';
import { OutsideContactEntity } from './entities/outside-contact.entity';
import { PracticeSettingsEntity } from './entities/practice-settings.entity';
import { OutsideContactsController } from './outside-contacts.controller';
import { OutsideContactsRepository } from './outside-contacts.repository';
import { OutsideContactsService } from './outside-contacts.service';
import { OutsideConsentService } from './outside-consent.service';
import { PhoneListController } from './phone-list.controller';
import { PhoneListJobs } from './phone-list-jobs';
import { PracticeCallsController } from './practice-calls.controller';
import { PracticeCallsRepository } from './practice-calls.repository';
import { PracticeCallsService } from './practice-calls.service';
import { PracticeRemindersService } from './practice-reminders.service';

/** Contacts (invite codes, links, per-side settings), outside contacts and their consent by text, practice calls, streaks and reminders. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ContactLinkEntity,
      ContactEntity,
      ContactInviteEntity,
      PracticeCallEntity,
      PracticeSettingsEntity,
      OutsideContactEntity,
    ]),
    IdentityModule,
    RealtimeModule,
    NotificationsModule,
    // Consent by text (ADR 0048): the ask, the YES handler and the STOP listener.
    SmsModule,
  ],
  controllers: [OutsideContactsController, PhoneListController, ContactInvitesController, PracticeCallsController],
  providers: [
    ContactsRepository,
    ContactInvitesRepository,
    PracticeCallsRepository,
    OutsideContactsRepository,
    OutsideContactsService,
    OutsideConsentService,
    ContactLinksService,
    ContactsService,
    ContactInvitesService,
    ContactQueries,
    PracticeCallsService,
    PracticeRemindersService,
    PhoneListJobs,
  ],
  exports: [ContactLinksService, ContactQueries, PracticeRemindersService],
})
export class PhoneListModule {}
