import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@homegroup/identity';
import { Clock, invalidCursor } from '@homegroup/operations';
import {
  DEFAULT_SEARCH_LIMIT,
  DEFAULT_SEARCH_RADIUS_KM,
  type SearchMeetingsQueryDto,
} from './dto/search-meetings.query.dto';
import type { MeetingSearchItemResponseDto } from './dto/meeting-search-item.response.dto';
import type { MeetingSearchResponseDto } from './dto/meeting-search.response.dto';
import { DEFAULT_PLACES_LIMIT, type MeetingPlacesQueryDto } from './dto/meeting-places.query.dto';
import type { MeetingPlacesResponseDto } from './dto/meeting-place.response.dto';
import type { AttendanceMode } from '../entities/meeting.entity';
import { boundingBox } from '@homegroup/geo';
import { NEAREST_RADII_KM } from './geo';
import { fieldError } from '../meeting-errors';
import { attendanceOn, MAX_DURATION_MS, scheduleOf, type MeetingRecord } from '../schedule/meeting-record';
import { MeetingReferenceService } from '../schedule/meeting-reference.service';
import { MeetingSearchRepository, type Candidate, type CandidateFilter } from './meeting-search.repository';
import { meetingView } from '../schedule/meeting-views';
import {
  compareHits,
  decodeSearchCursor,
  encodeSearchCursor,
  searchFingerprint,
  type Ordered,
  type SearchCursor,
} from './search-cursor';
import {
  DAY_MS,
  formatLocalInstant,
  localParts,
  MINUTE_MS,
  minuteOfWeekRanges,
  occurrencesBetween,
  parseLocalTime,
  type Occurrence,
} from '../schedule/schedule';

/** How far ahead a search without a time filter looks (monthly meetings fall inside it). */
export const SEARCH_HORIZON_DAYS = 62;
/** Candidates one chunk may bring back; a fuller chunk is split in two. */
export const CHUNK_CAP = 500;
const HOUR_MS = 60 * MINUTE_MS;
/** Chunk ends after the scan start: small first (dense data fills a page at once), a week at most. */
const CHUNK_STEPS_MS = [2 * HOUR_MS, 8 * HOUR_MS, DAY_MS, 3 * DAY_MS, 7 * DAY_MS];

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

type Hit = Ordered & { meeting: MeetingRecord; occurrence: Occurrence; inProgress: boolean; approximate: boolean };

/** One search, resolved: what every chunk shares. */
type Plan = {
  origin: number;
  /** Radius search: the point and radius. */
  near?: { lat: number; lng: number; radiusKm: number };
  /** The point searched from (radius or nearest). */
  point?: { lat: number; lng: number };
  nearest?: number;
  /** Accept an occurrence (status, attendance, weekday, local time, the time filter). */
  accept: (m: MeetingRecord, o: Occurrence) => boolean;
  /** Where occurrences are looked for from: origin, or origin − the longest meeting with inProgress. */
  scanFrom: number;
  /** Segments of start times to scan, in order: [from, to). */
  segments: [number, number][];
  hasTimeFilter: boolean;
  filter: Omit<CandidateFilter, 'near' | 'startRanges' | 'windowFrom' | 'windowTo' | 'irregularOnly' | 'limit'>;
};

/**
 * `GET /meetings`: "what can I get to now". The slot index narrows candidates by place and UTC minute of
 * the week; every candidate is then checked exactly against its own schedule (zone, DST, RRULE,
 * exceptions, status) with `occurrencesBetween`. Results are ordered by next start, then distance, and
 * paged by cursor. See docs/adr/0014-meeting-search-slots.md.
 */
@Injectable()
export class MeetingSearchService {
  private readonly logger = new Logger(MeetingSearchService.name);

  constructor(
    private readonly repository: MeetingSearchRepository,
    private readonly reference: MeetingReferenceService,
    private readonly clock: Clock,
  ) {}

  async search(query: SearchMeetingsQueryDto, viewer?: AuthUser): Promise<MeetingSearchResponseDto> {
    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
    const fingerprint = searchFingerprint({ ...query, cursor: undefined, limit: undefined });
    const cursor = query.cursor === undefined ? undefined : this.readCursor(query.cursor, fingerprint);
    const plan = await this.plan(query, cursor?.origin ?? this.clock.nowMs());

    let hits = plan.nearest ? await this.nearestHits(plan) : await this.scan(plan, cursor, limit + 1);
    if (cursor) hits = hits.filter((h) => compareHits(h, cursor) > 0);
    hits.sort(compareHits);
    const page = hits.slice(0, limit);
    const last = page[page.length - 1];
    const viewerZone = query.viewerTimezone ?? viewer?.timezone;
    return {
      items: page.map((hit) => this.item(hit, plan.origin, viewerZone)),
      nextCursor:
        hits.length > limit && last
          ? encodeSearchCursor({ search: fingerprint, origin: plan.origin, start: last.start, distanceKm: last.distanceKm, id: last.id })
          : null,
    };
  }

  /**
   * `GET /meetings/places`: where a search can be centred when the browser will not say where the person is. The
   * label is the listings' own city, state/region and country; the centre is rounded to about 1 km.
   */
  async places(query: MeetingPlacesQueryDto): Promise<MeetingPlacesResponseDto> {
    const rows = await this.repository.places(query.q?.toLowerCase(), query.limit ?? DEFAULT_PLACES_LIMIT);
    const round = (value: number): number => Math.round(value * 100) / 100 || 0;
    return {
      items: rows.map((row) => ({
        label: [row.city, row.region, row.country].filter((part) => part !== null).join(', '),
        city: row.city,
        region: row.region,
        country: row.country,
        lat: round(row.lat),
        lng: round(row.lng),
        meetings: row.meetings,
      })),
    };
  }

  private item(hit: Hit, now: number, viewerZone: string | undefined): MeetingSearchItemResponseDto {
    const item: MeetingSearchItemResponseDto = { ...meetingView(hit.meeting, now, hit.occurrence), inProgress: hit.inProgress };
    if (hit.distanceKm !== null && !hit.approximate) item.distanceKm = Math.round(hit.distanceKm * 10) / 10;
    if (viewerZone && viewerZone !== 'UTC') item.nextStartViewer = formatLocalInstant(viewerZone, hit.occurrence.start);
    return item;
  }

  private readCursor(text: string, fingerprint: string): SearchCursor {
    const cursor = decodeSearchCursor(text);
    if (!cursor) throw invalidCursor();
    if (cursor.search !== fingerprint) {
      throw invalidCursor('The cursor belongs to a different search; keep the same filters, or start again without it');
    }
    return cursor;
  }

  private async plan(q: SearchMeetingsQueryDto, origin: number): Promise<Plan> {
    const point = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : undefined;
    if (q.nearest !== undefined && q.radiusKm !== undefined) {
      throw fieldError('nearest', 'ask for radiusKm or nearest, not both');
    }
    if (!point && (q.nearest !== undefined || q.radiusKm !== undefined)) {
      throw fieldError('lat', 'radiusKm and nearest need a point: send lat and lng');
    }
    let fellowship: string | undefined;
    if (q.fellowship) {
      const found = await this.reference.fellowship(q.fellowship);
      if (!found) throw fieldError('fellowship', `fellowship ${q.fellowship} is not one Homegroup knows (see GET /fellowships)`);
      fellowship = found.code;
    }
    const vocabulary = await this.reference.vocabulary();
    const typeGroups = (q.types ?? []).map((code) => vocabulary.equivalents(code, fellowship));

    const localFrom = q.startTimeFrom !== undefined ? parseLocalTime(q.startTimeFrom) : undefined;
    const localTo = q.startTimeTo !== undefined ? parseLocalTime(q.startTimeTo) : undefined;
    const localStart =
      localFrom !== undefined || localTo !== undefined ? { from: localFrom ?? 0, to: localTo ?? 1439 } : undefined;
    const within = q.startsWithinMinutes;
    const inProgress = q.inProgress === true;
    const attendance: AttendanceMode | undefined = q.attendance;

    const accept = (m: MeetingRecord, o: Occurrence): boolean => {
      const mode = attendanceOn(m, o.date);
      if (mode === null) return false;
      if (attendance === 'in_person' && mode === 'online') return false;
      if (attendance === 'online' && mode === 'in_person') return false;
      if (attendance === 'hybrid' && mode !== 'hybrid') return false;
      if (q.weekday !== undefined || localStart) {
        const local = localParts(m.timezone, o.start);
        if (q.weekday !== undefined && local.weekday !== q.weekday) return false;
        if (localStart) {
          const { from, to } = localStart;
          const ok = from <= to ? local.minutes >= from && local.minutes <= to : local.minutes >= from || local.minutes <= to;
          if (!ok) return false;
        }
      }
      const running = o.start < origin && o.end > origin;
      if (o.start < origin) return inProgress && running;
      if (within !== undefined) return o.start <= origin + within * MINUTE_MS;
      return !inProgress;
    };

    const hasTimeFilter = within !== undefined || inProgress;
    const segments: [number, number][] = [];
    if (inProgress) segments.push([origin - MAX_DURATION_MS, origin]);
    if (within !== undefined) segments.push([origin, origin + within * MINUTE_MS + 1]);
    else if (!inProgress) segments.push([origin, origin + SEARCH_HORIZON_DAYS * DAY_MS]);

    return {
      origin,
      near: point && q.nearest === undefined ? { ...point, radiusKm: q.radiusKm ?? DEFAULT_SEARCH_RADIUS_KM } : undefined,
      point,
      nearest: point ? q.nearest : undefined,
      accept,
      scanFrom: inProgress ? origin - MAX_DURATION_MS : origin,
      segments,
      hasTimeFilter,
      filter: {
        weekday: q.weekday,
        localStart,
        fellowship,
        typeGroups,
        languages: q.languages ?? [],
        attendance,
        textPattern: q.q ? `%${escapeLike(q.q.toLowerCase())}%` : undefined,
        exceptionsSince: localParts('UTC', origin - 2 * DAY_MS).date,
      },
    };
  }

  /**
   * Walks the segments in chunks of growing length and stops once a chunk leaves more than `enough` hits:
   * every hit of a later chunk starts after every hit of an earlier one, so the order holds. Past the first
   * week only irregular meetings can still have a first occurrence (a weekly one has met by then).
   */
  private async scan(
    plan: Plan,
    cursor: SearchCursor | undefined,
    enough: number,
    near: Plan['near'] = plan.near,
  ): Promise<Hit[]> {
    const hits: Hit[] = [];
    const seen = new Set<string>();
    for (const [segmentFrom, segmentTo] of plan.segments) {
      const scanStart = Math.max(segmentFrom, cursor?.start ?? segmentFrom);
      if (scanStart >= segmentTo) continue;
      // (No chunk shorter than a minute at the end: "within 120 minutes" is one chunk, one statement.)
      const ends = [...CHUNK_STEPS_MS.map((step) => scanStart + step).filter((end) => end + MINUTE_MS < segmentTo), segmentTo];
      let from = scanStart;
      for (const to of ends) {
        await this.chunk(plan, near, from, to, from >= scanStart + 7 * DAY_MS, cursor, hits, seen);
        from = to;
        if (hits.length >= enough) break;
      }
      if (hits.length >= enough) break;
    }
    return hits;
  }

  /** One chunk [from, to): candidates from the index (split while too many), confirmed one by one. */
  private async chunk(
    plan: Plan,
    near: Plan['near'],
    from: number,
    to: number,
    irregularOnly: boolean,
    cursor: SearchCursor | undefined,
    hits: Hit[],
    seen: Set<string>,
  ): Promise<void> {
    const candidates = await this.repository.candidates({
      ...plan.filter,
      near: near && { ...near, box: boundingBox(near.lat, near.lng, near.radiusKm) },
      startRanges: irregularOnly ? null : minuteOfWeekRanges(from, to),
      windowFrom: new Date(from),
      windowTo: new Date(to),
      irregularOnly,
      limit: CHUNK_CAP + 1,
    });
    if (candidates.length > CHUNK_CAP) {
      if (to - from > MINUTE_MS) {
        const middle = from + Math.floor((to - from) / 2 / MINUTE_MS) * MINUTE_MS || from + MINUTE_MS;
        await this.chunk(plan, near, from, middle, irregularOnly, cursor, hits, seen);
        await this.chunk(plan, near, middle, to, irregularOnly, cursor, hits, seen);
        return;
      }
      this.logger.warn(`meeting search: more than ${CHUNK_CAP} meetings start in one minute; showing the nearest`);
    }
    for (const candidate of candidates) {
      if (seen.has(candidate.meeting.id)) continue;
      const hit = this.confirm(plan, candidate, to);
      // A meeting belongs to the chunk of its first accepted occurrence since the origin.
      if (!hit || hit.start < from) continue;
      seen.add(hit.id);
      if (cursor && compareHits(hit, cursor) <= 0) continue;
      hits.push(hit);
    }
  }

  /** The candidate's first accepted occurrence since the scan start, before `to`. */
  private confirm(plan: Plan, candidate: Candidate, to: number): Hit | undefined {
    const m = candidate.meeting;
    const occurrence = occurrencesBetween(scheduleOf(m), plan.scanFrom, to).find((o) => plan.accept(m, o));
    if (!occurrence) return undefined;
    return {
      start: occurrence.start,
      distanceKm: candidate.distanceKm,
      id: m.id,
      meeting: m,
      occurrence,
      inProgress: occurrence.start <= plan.origin && occurrence.end > plan.origin,
      approximate: m.location?.approximate ?? false,
    };
  }

  /**
   * The N nearest matching meetings: indexed boxes of growing radius until one holds N matches (the last
   * radius is the whole earth); then those N, in the search order.
   */
  private async nearestHits(plan: Plan): Promise<Hit[]> {
    const n = plan.nearest ?? 1;
    const { lat, lng } = plan.point ?? { lat: 0, lng: 0 };
    const end = plan.origin + SEARCH_HORIZON_DAYS * DAY_MS;
    let hits: Hit[] = [];
    for (const radiusKm of NEAREST_RADII_KM) {
      const near = { lat, lng, radiusKm };
      if (plan.hasTimeFilter) {
        hits = await this.scan(plan, undefined, Number.POSITIVE_INFINITY, near);
      } else {
        const candidates = await this.repository.candidates({
          ...plan.filter,
          near: { ...near, box: boundingBox(lat, lng, radiusKm) },
          startRanges: null,
          windowFrom: new Date(plan.origin),
          windowTo: new Date(end),
          irregularOnly: false,
          limit: CHUNK_CAP,
        });
        hits = candidates.map((c) => this.confirm(plan, c, end)).filter((h): h is Hit => h !== undefined);
      }
      if (hits.length >= n) break;
    }
    const byDistance = [...hits].sort(
      (a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || (a.id < b.id ? -1 : 1),
    );
    return byDistance.slice(0, n);
  }
}
