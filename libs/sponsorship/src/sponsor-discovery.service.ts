import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, FellowshipEntity } from '@homegroup/identity';
import { decodeCursor, encodeCursor, searchFingerprint, type DiscoveryCursor } from './discovery-cursor';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_RADIUS_KM,
  type SearchSponsorsQueryDto,
} from './dto/search-sponsors.query.dto';
import type { SponsorCardResponseDto } from './dto/sponsor-card.response.dto';
import type { SponsorSearchResponseDto } from './dto/sponsor-search.response.dto';
import { boundingBox } from '@homegroup/geo';
import { invalidCursor } from '@homegroup/operations';
import { DiscoveryQuery, DiscoveryRow, SponsorProfilesRepository } from './sponsor-profiles.repository';
import { fieldError, noSponsorsMessage } from './sponsorship-errors';

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `GET /sponsors`: suggestions only (the sponsee asks; nobody is assigned). Never lists the caller, members
 * at capacity or unavailable, members on either side of a block, or any contact detail.
 */
@Injectable()
export class SponsorDiscoveryService {
  constructor(
    private readonly profiles: SponsorProfilesRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async search(caller: AuthUser, query: SearchSponsorsQueryDto): Promise<SponsorSearchResponseDto> {
    if (query.fellowship) await this.assertSponsoringFellowship(query.fellowship);
    const preference = query.gender ?? caller.user.sponsorGenderPreference;
    // "Same gender" filters only when the caller said what theirs is.
    const gender = preference === 'same' && caller.user.gender ? caller.user.gender : undefined;
    const near =
      query.lat !== undefined && query.lng !== undefined
        ? { lat: query.lat, lng: query.lng, radiusKm: query.radiusKm ?? DEFAULT_RADIUS_KM }
        : undefined;
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const search = searchFingerprint({
      f: query.fellowship ?? null,
      l: query.language ?? null,
      r: query.region?.toLowerCase() ?? null,
      g: gender ?? null,
      n: near ? [near.lat, near.lng, near.radiusKm] : null,
    });
    const after =
      query.cursor === undefined ? undefined : this.readCursor(query.cursor, search, near !== undefined);

    const filter: DiscoveryQuery = {
      callerId: caller.id,
      fellowship: query.fellowship,
      language: query.language,
      regionPattern: query.region ? `%${escapeLike(query.region)}%` : undefined,
      gender,
      near: near && { ...near, box: boundingBox(near.lat, near.lng, near.radiusKm) },
      after,
      limit: limit + 1,
    };
    const rows = await this.profiles.discover(filter);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => this.card(row)),
      nextCursor: rows.length > limit && last ? encodeCursor(this.cursorAfter(last, search)) : null,
    };
  }

  private card(row: DiscoveryRow): SponsorCardResponseDto {
    const card: SponsorCardResponseDto = {
      id: row.id,
      displayName: row.displayName,
      fellowships: row.fellowships,
      languages: row.languages,
      bio: row.bio,
      region: row.region,
    };
    if (row.distanceKm !== null) card.distanceKm = Math.round(row.distanceKm);
    return card;
  }

  private cursorAfter(row: DiscoveryRow, search: string): DiscoveryCursor {
    return row.distanceKm !== null
      ? { order: 'nearest', search, distanceKm: row.distanceKm, id: row.id }
      : { order: 'load', search, activeSponsees: row.activeSponsees, createdAt: row.createdKey, id: row.id };
  }

  private readCursor(text: string, search: string, nearest: boolean): DiscoveryCursor {
    const cursor = decodeCursor(text);
    if (!cursor) throw invalidCursor();
    if (cursor.search !== search || (cursor.order === 'nearest') !== nearest) {
      throw invalidCursor(
        'The cursor belongs to a different search; keep the same filters, or start again without it',
      );
    }
    return cursor;
  }

  private async assertSponsoringFellowship(code: string): Promise<void> {
    const fellowship = await this.dataSource.getRepository(FellowshipEntity).findOneBy({ code });
    if (!fellowship)
      throw fieldError('fellowship', `fellowship ${code} is not one Homegroup knows (see GET /fellowships)`);
    if (!fellowship.hasSponsors) throw fieldError('fellowship', noSponsorsMessage(fellowship));
  }
}
