import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AccountDataRegistry, AuthUser, FellowshipEntity } from '@homegroup/identity';
import type { UpsertSponsorProfileDto } from './dto/upsert-sponsor-profile.dto';
import { SponsorProfileEntity } from './entities/sponsor-profile.entity';
import { approximateCoordinate } from './geo';
import { SponsorProfilesRepository } from './sponsor-profiles.repository';
import { fieldError, noSponsorsMessage } from './sponsorship-errors';

const NO_PROFILE = 'You have no sponsor profile; create one with PUT /me/sponsor-profile';

/** The caller's own offer to sponsor. Only an approximate location is ever stored. */
@Injectable()
export class SponsorProfileService {
  constructor(
    private readonly profiles: SponsorProfilesRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('sponsorProfile', (userId, manager) =>
      manager.findOneBy(SponsorProfileEntity, { userId }),
    );
  }

  async get(userId: string): Promise<SponsorProfileEntity> {
    const profile = await this.profiles.findByUserId(userId);
    if (!profile) throw new NotFoundException(NO_PROFILE);
    return profile;
  }

  async upsert(caller: AuthUser, dto: UpsertSponsorProfileDto): Promise<SponsorProfileEntity> {
    const fellowships = await this.sponsoringFellowships(dto.fellowships);
    const location = dto.location ?? null;
    return this.profiles.upsert(caller.id, {
      available: dto.available,
      maxSponsees: dto.maxSponsees,
      fellowships,
      languages: [...new Set(dto.languages ?? caller.user.languages)],
      bio: dto.bio ? dto.bio : null,
      region: dto.region ? dto.region : null,
      lat: location ? approximateCoordinate(location.lat) : null,
      lng: location ? approximateCoordinate(location.lng) : null,
    });
  }

  /** Deleting the profile hides the member from discovery; sponsorships already active go on. */
  async delete(userId: string): Promise<void> {
    if (!(await this.profiles.delete(userId))) throw new NotFoundException(NO_PROFILE);
  }

  /** De-duplicated codes that exist and have sponsors; 400 naming `fellowships` otherwise. */
  private async sponsoringFellowships(codes: string[]): Promise<string[]> {
    const wanted = [...new Set(codes)];
    const found = await this.dataSource.getRepository(FellowshipEntity).findBy({ code: In(wanted) });
    const unknown = wanted.filter((code) => !found.some((f) => f.code === code));
    if (unknown.length > 0) {
      throw fieldError(
        'fellowships',
        `fellowships has unknown codes: ${unknown.join(', ')} (see GET /fellowships)`,
      );
    }
    const withoutSponsors = found.filter((f) => !f.hasSponsors);
    if (withoutSponsors.length > 0) {
      throw fieldError('fellowships', `fellowships: ${withoutSponsors.map(noSponsorsMessage).join('; ')}`);
    }
    return wanted;
  }
}
