import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@homegroup/identity';
import { NotificationsModule } from '@homegroup/notifications';
import { PhoneListModule } from '@homegroup/phone-list';
import { RealtimeModule } from '@homegroup/realtime';
import { GroupEntity } from './entities/group.entity';
import { GroupLeadEntity } from './entities/group-lead.entity';
import { LocationEntity } from './entities/location.entity';
import { MeetingChangeEntity } from './entities/meeting-change.entity';
import { MeetingContactRequestEntity } from './entities/meeting-contact-request.entity';
import { MeetingExceptionEntity } from './entities/meeting-exception.entity';
import { MeetingPhoneListEntryEntity } from './entities/meeting-phone-list-entry.entity';
import { MeetingSlotEntity } from './entities/meeting-slot.entity';
import { MeetingTypeEntity } from './entities/meeting-type.entity';
import { MeetingEntity } from './entities/meeting.entity';
import { MeetingSourceEntity } from './entities/meeting-source.entity';
import { MeetingSourceLinkEntity } from './entities/meeting-source-link.entity';
import { MeetingSourceRunEntity } from './entities/meeting-source-run.entity';
import { SystemSettingEntity } from './entities/system-setting.entity';
import { MeetingSourceJobs } from './sources/meeting-source-jobs';
import { MeetingSourcesController } from './sources/meeting-sources.controller';
import { MeetingSourcesRepository } from './sources/meeting-sources.repository';
import { MeetingSourcesService } from './sources/meeting-sources.service';
import { SlotRebuildRepository } from './search/slot-rebuild.repository';
import { SlotRebuildService } from './search/slot-rebuild.service';
import { MeetingReportEntity } from './entities/meeting-report.entity';
import { MeetingChangeProposalEntity } from './entities/meeting-change-proposal.entity';
import { ChangeProposalsController } from './reports/change-proposals.controller';
import { ChangeProposalsRepository } from './reports/change-proposals.repository';
import { ChangeProposalsService } from './reports/change-proposals.service';
import { ListingReportsController } from './reports/listing-reports.controller';
import { ListingReportsRepository } from './reports/listing-reports.repository';
import { ListingReportsService } from './reports/listing-reports.service';
import { GroupAccess } from './groups/group-access.service';
import { GroupsController } from './groups/groups.controller';
import { GroupsRepository } from './groups/groups.repository';
import { GroupsService } from './groups/groups.service';
import { MeetingFeedsController } from './feeds/meeting-feeds.controller';
import { MeetingFeedsService } from './feeds/meeting-feeds.service';
import { MeetingImportService } from './import/meeting-import.service';
import { MeetingImportsController } from './import/meeting-imports.controller';
import { MeetingLinksRepository } from './import/meeting-links.repository';
import { MeetingPhoneListsController } from './phone-lists/meeting-phone-lists.controller';
import { MeetingPhoneListsRepository } from './phone-lists/meeting-phone-lists.repository';
import { MeetingPhoneListsService } from './phone-lists/meeting-phone-lists.service';
import { MeetingReferenceRepository } from './schedule/meeting-reference.repository';
import { MeetingReferenceService } from './schedule/meeting-reference.service';
import { MeetingSearchRepository } from './search/meeting-search.repository';
import { MeetingSearchService } from './search/meeting-search.service';
import { MeetingWriter } from './schedule/meeting-writer.service';
import { MeetingsController } from './schedule/meetings.controller';
import { MeetingsRepository } from './schedule/meetings.repository';
import { MeetingsService } from './schedule/meetings.service';
import { MeetingTypesController } from './schedule/meeting-types.controller';
import { MyGroupsController } from './groups/my-groups.controller';
import { ListingVerificationJobs } from './groups/listing-verification.jobs';
import { ListingVerificationRepository } from './groups/listing-verification.repository';
import { ListingVerificationService } from './groups/listing-verification.service';

/** Groups, leads, locations, meetings and their schedules, search, feeds, imports and meeting phone lists. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      GroupEntity,
      GroupLeadEntity,
      LocationEntity,
      MeetingEntity,
      MeetingSlotEntity,
      MeetingExceptionEntity,
      MeetingChangeEntity,
      MeetingTypeEntity,
      MeetingPhoneListEntryEntity,
      MeetingContactRequestEntity,
      MeetingSourceEntity,
      MeetingSourceRunEntity,
      MeetingSourceLinkEntity,
      SystemSettingEntity,
      MeetingReportEntity,
      MeetingChangeProposalEntity,
    ]),
    IdentityModule,
    PhoneListModule,
    RealtimeModule,
    NotificationsModule,
  ],
  controllers: [
    GroupsController,
    MyGroupsController,
    MeetingsController,
    MeetingFeedsController,
    MeetingImportsController,
    MeetingTypesController,
    MeetingPhoneListsController,
    MeetingSourcesController,
    ListingReportsController,
    ChangeProposalsController,
  ],
  providers: [
    GroupAccess,
    GroupsRepository,
    GroupsService,
    ChangeProposalsRepository,
    ChangeProposalsService,
    ListingReportsRepository,
    ListingReportsService,
    ListingVerificationJobs,
    ListingVerificationRepository,
    ListingVerificationService,
    MeetingFeedsService,
    MeetingImportService,
    MeetingLinksRepository,
    MeetingPhoneListsRepository,
    MeetingPhoneListsService,
    MeetingReferenceRepository,
    MeetingReferenceService,
    MeetingSearchRepository,
    MeetingSearchService,
    MeetingWriter,
    MeetingsRepository,
    MeetingsService,
    MeetingSourceJobs,
    MeetingSourcesRepository,
    MeetingSourcesService,
    SlotRebuildRepository,
    SlotRebuildService,
  ],
  exports: [MeetingsService, MeetingSearchService, MeetingImportService, SlotRebuildService],
})
export class MeetingsModule {}
