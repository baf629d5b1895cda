export * from './dto/sponsorship.response.dto';
export * from './entities/sponsor-profile.entity';
export * from './entities/sponsorship.entity';
export * from './sponsorship.constants';
export * from './sponsorship.module';
export * from './sponsorship-queries.service';
export type { ActiveSponsor } from './sponsorships.repository';
export * from './sponsorships.service';
export * from './sponsor-profile.service';
