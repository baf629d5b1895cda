import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@homegroup/identity';
import { RealtimeModule } from '@homegroup/realtime';
import { SponsorProfileEntity } from './entities/sponsor-profile.entity';
import { SponsorshipEntity } from './entities/sponsorship.entity';
import { SponsorDiscoveryService } from './sponsor-discovery.service';
import { SponsorProfileController } from './sponsor-profile.controller';
import { SponsorProfileService } from './sponsor-profile.service';
import { SponsorProfilesRepository } from './sponsor-profiles.repository';
import { SponsorsController } from './sponsors.controller';
import { SponsorshipJobs } from './sponsorship-jobs';
import { SponsorshipQueries } from './sponsorship-queries.service';
import { SponsorshipsController } from './sponsorships.controller';
import { SponsorshipsRepository } from './sponsorships.repository';
import { SponsorshipsService } from './sponsorships.service';

/** Sponsor profiles and discovery, the sponsorship state machine, and its maintenance job. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SponsorProfileEntity, SponsorshipEntity]),
    IdentityModule,
    RealtimeModule,
  ],
  controllers: [SponsorProfileController, SponsorsController, SponsorshipsController],
  providers: [
    SponsorDiscoveryService,
    SponsorProfileService,
    SponsorProfilesRepository,
    SponsorshipJobs,
    SponsorshipQueries,
    SponsorshipsRepository,
    SponsorshipsService,
  ],
  exports: [SponsorshipQueries, SponsorshipsService],
})
export class SponsorshipModule {}
