import { Injectable } from '@nestjs/common';
import { badRequest, Clock } from '@homegroup/operations';
import {
  BMLT_FIELD_KEYS,
  BMLT_MEETING_FIELDS,
  DISTANCE_FIELDS,
  hhmmss,
  NUMERIC_FIELDS,
  VENUE_TYPE,
  type BmltMeeting,
} from './bmlt-fields';
import { changeData } from './bmlt-changes';
import { BMLT_FORMATS, formatsOf, type BmltFormat } from './bmlt-formats';
import { ROOT_SERVICE_BODY_ID, serviceBodyId } from './bmlt-ids';
import {
  KM_PER_MILE,
  parseChanges,
  parseFieldValuesQuery,
  parseFormatsQuery,
  parseSearch,
  parseServicesQuery,
  type Query,
  type SearchParams,
} from './bmlt-params';
import { BmltRepository, type ListingRow } from './bmlt.repository';

/** Reported as `version` by GetServerInfo: the BMLT server generation whose Semantic API this one follows. */
export const BMLT_COMPATIBLE_VERSION = '4.2.6';
const ATTENDANCE_OF_VENUE: Record<number, string> = { 1: 'in_person', 2: 'online', 3: 'hybrid' };
/** The auto radius ladder (in the unit asked for): the first radius holding at least N listings wins. */
export const AUTO_RADIUS_LADDER: readonly number[] = [
  0.0625,
  0.125,
  0.25,
  0.5,
  ...Array.from({ length: 19 }, (_, i) => 1 + i * 0.5), // 1 … 10
  ...Array.from({ length: 5 }, (_, i) => 11 + i), // 11 … 15
  ...Array.from({ length: 14 }, (_, i) => 17.5 + i * 2.5), // 17.5 … 50
  60,
  70,
  80,
  90,
  100,
  150,
  200,
];
const CHANGES_LIMIT = 1000;
/**
 * The most listings one search may read (before formats, services and paging): a public, cacheable route must not
 * build a whole large server's list per request. More is a 400 asking to narrow the search (BMLT has no cap).
 */
export const MAX_LISTINGS = 20_000;
/** Format id → the reserved Meeting Guide type code it means, for the `tsml` output. */
const TSML_TYPE: Record<number, string> = {
  1: 'BE',
  4: 'C',
  6: 'CAN',
  8: 'D',
  9: 'S',
  10: 'LGBTQ',
  15: 'M',
  17: 'O',
  26: 'SP',
  27: 'ST',
  30: 'TR',
  32: 'W',
  33: 'X',
  34: 'Y',
  36: 'LIT',
  41: 'MED',
  44: 'CF',
  54: 'ONL',
  55: 'TC',
};

export type SemanticFormat = {
  key_string: string;
  name_string: string;
  description_string: string;
  lang: string;
  id: string;
  world_id: string;
  format_type_enum: string;
  root_server_uri: string;
};

export type SemanticServiceBody = {
  id: string;
  parent_id: string;
  name: string;
  description: string;
  type: string;
  url: string;
  helpline: string;
  world_id: string;
};

/** A listing with what the filters and the output need, computed once. */
type Listing = { row: ListingRow; formats: BmltFormat[]; serviceBodies: number[]; fields: BmltMeeting };

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class BmltService {
  constructor(
    private readonly repository: BmltRepository,
    private readonly clock: Clock,
  ) {}

  // ---------------------------------------------------------------- GetSearchResults

  /** BMLT's GetSearchResults: an array of meetings, or `{ meetings, formats }` / `{ formats }` when asked. */
  async searchResults(query: Query, rootUri: string): Promise<unknown> {
    const params = parseSearch(query);
    const listings = await this.search(params, rootUri);
    const page = params.page
      ? listings.slice((params.page.num - 1) * params.page.size, params.page.num * params.page.size)
      : listings;
    if (params.formatsOnly || params.usedFormats) {
      const used = new Map<number, BmltFormat>();
      for (const l of page) for (const f of l.formats) used.set(f.id, f);
      const formats = [...used.values()]
        .sort((a, b) => a.id - b.id)
        .map((f) => this.semanticFormat(f, rootUri));
      if (params.formatsOnly) return { formats };
      return { meetings: page.map((l) => this.project(l, params)), formats };
    }
    return page.map((l) => this.project(l, params));
  }

  private async search(params: SearchParams, rootUri: string): Promise<Listing[]> {
    const autoUnitKm =
      params.radius && 'atLeast' in params.radius ? (params.radius.unit === 'km' ? 1 : KM_PER_MILE) : 0;
    const radiusKm = params.radius
      ? 'km' in params.radius
        ? params.radius.km
        : AUTO_RADIUS_LADDER.at(-1)! * autoUnitKm
      : undefined;
    const rows = await this.repository.listings({
      weekdays: params.weekdays,
      near: params.point && radiusKm !== undefined ? { ...params.point, radiusKm } : undefined,
      attendance: {
        include: params.venueTypes.include.map((v) => ATTENDANCE_OF_VENUE[v]),
        exclude: params.venueTypes.exclude.map((v) => ATTENDANCE_OF_VENUE[v]),
      },
      listingIds: params.meetingIds,
      startsAfter: params.startsAfter,
      startsBefore: params.startsBefore,
      endsBefore: params.endsBefore,
      minDuration: params.minDuration,
      maxDuration: params.maxDuration,
      textPattern: params.searchString ? `%${escapeLike(params.searchString.toLowerCase())}%` : undefined,
      limit: MAX_LISTINGS + 1,
      now: this.clock.now(),
    });
    if (rows.length > MAX_LISTINGS) {
      throw badRequest([
        {
          field: 'switcher',
          messages: [
            `the search matches more than ${MAX_LISTINGS} meetings: narrow it with weekdays, venue_types, a radius, a time window or SearchString`,
          ],
        },
      ]);
    }
    const withDistance = params.point !== undefined;
    let listings = rows.map((row) => this.listing(row, params, rootUri, withDistance));
    listings = listings.filter(
      (l) => this.matchesFormats(l, params) && this.matchesServices(l, params) && this.matchesKey(l, params),
    );
    if (params.radius && 'atLeast' in params.radius) {
      const distances = listings.map((l) => l.row.distance_km ?? Infinity).sort((a, b) => a - b);
      const nth = distances[params.radius.atLeast - 1];
      const ladder = AUTO_RADIUS_LADDER.map((r) => r * autoUnitKm);
      const radius = nth === undefined ? ladder.at(-1)! : (ladder.find((r) => r >= nth) ?? ladder.at(-1)!);
      listings = listings.filter((l) => (l.row.distance_km ?? Infinity) <= radius);
    }
    return this.sort(listings, params);
  }

  private listing(row: ListingRow, params: SearchParams, rootUri: string, withDistance: boolean): Listing {
    const formats = formatsOf(row);
    const path = row.regions ?? [];
    const serviceBodies = [ROOT_SERVICE_BODY_ID, ...path.map((_, i) => serviceBodyId(path.slice(0, i + 1)))];
    const [h, m] = row.start_time.split(':').map(Number);
    const distanceKm = withDistance && row.distance_km !== null && !row.approximate ? row.distance_km : null;
    const fields: BmltMeeting = {
      id_bigint: row.listing_id,
      worldid_mixed: '',
      shared_group_id_bigint: '',
      service_body_bigint: String(serviceBodies.at(-1)),
      weekday_tinyint: String(row.weekday + 1),
      venue_type: VENUE_TYPE[row.attendance] ?? '1',
      start_time: hhmmss(h * 60 + m),
      duration_time: hhmmss(row.duration_minutes),
      time_zone: row.timezone,
      formats: formats.map((f) => f.key).join(','),
      lang_enum: (row.languages[0] ?? params.lang).split('-')[0].toLowerCase(),
      longitude: row.lng === null ? '' : String(row.lng),
      latitude: row.lat === null ? '' : String(row.lat),
      ...(withDistance
        ? {
            distance_in_km: distanceKm === null ? '' : String(distanceKm),
            distance_in_miles: distanceKm === null ? '' : String(distanceKm / KM_PER_MILE),
          }
        : {}),
      meeting_name: row.name,
      location_text: row.location_name ?? '',
      location_info: row.location_notes ?? '',
      location_street: row.address ?? '',
      location_city_subsection: '',
      location_neighborhood: '',
      location_municipality: row.city ?? '',
      location_sub_province: '',
      location_province: row.state ?? '',
      location_postal_code_1: row.postal_code ?? '',
      location_nation: row.country ?? '',
      comments: row.notes ?? '',
      train_lines: '',
      bus_lines: '',
      phone_meeting_number: row.conference_phone ?? '',
      virtual_meeting_link: row.conference_url ?? '',
      virtual_meeting_additional_info: row.conference_url_notes ?? '',
      root_server_uri: rootUri,
      format_shared_id_list: formats.map((f) => f.id).join(','),
      published: '1',
      unverified: row.unverified ? '1' : '0',
      reported: row.reported ? '1' : '0',
    };
    return { row, formats, serviceBodies, fields };
  }

  private matchesFormats(l: Listing, p: SearchParams): boolean {
    const ids = new Set(l.formats.map((f) => f.id));
    if (p.formats.exclude.some((id) => ids.has(id))) return false;
    if (p.formats.include.length === 0) return true;
    return p.formatsOperator === 'OR'
      ? p.formats.include.some((id) => ids.has(id))
      : p.formats.include.every((id) => ids.has(id));
  }

  private matchesServices(l: Listing, p: SearchParams): boolean {
    const own = l.serviceBodies.at(-1)!;
    const within = (id: number): boolean => (p.recursive ? l.serviceBodies.includes(id) : own === id);
    if (p.services.exclude.some(within)) return false;
    return p.services.include.length === 0 || p.services.include.some(within);
  }

  private matchesKey(l: Listing, p: SearchParams): boolean {
    if (!p.keyValue) return true;
    return (l.fields[p.keyValue.key] ?? '') === p.keyValue.value;
  }

  private sort(listings: Listing[], p: SearchParams): Listing[] {
    if (p.sortByDistance && p.point) {
      return listings.sort(
        (a, b) => (a.row.distance_km ?? Infinity) - (b.row.distance_km ?? Infinity) || byId(a, b),
      );
    }
    if (!p.sortKeys) return listings; // the statement's order: weekday, start, duration
    const keys = p.sortKeys;
    return listings.sort((a, b) => {
      for (const key of keys) {
        const x = a.fields[key] ?? '';
        const y = b.fields[key] ?? '';
        const order = NUMERIC_FIELDS.has(key)
          ? Number(x || Infinity) - Number(y || Infinity)
          : x.localeCompare(y);
        if (order) return order;
      }
      return byId(a, b);
    });
  }

  /** The listing's fields: those asked for with `data_field_key`, else all (distances only with a point). */
  private project(l: Listing, p: SearchParams): BmltMeeting {
    if (!p.fields) return l.fields;
    const out: BmltMeeting = {};
    for (const key of p.fields) {
      if (DISTANCE_FIELDS.includes(key) && l.fields[key] === undefined) continue;
      out[key] = l.fields[key] ?? '';
    }
    return out;
  }

  // ---------------------------------------------------------------- the other switchers

  formats(query: Query, rootUri: string): SemanticFormat[] {
    const { ids, keys } = parseFormatsQuery(query);
    const wanted = keys ? new Set(keys) : undefined;
    return BMLT_FORMATS.filter(
      (f) =>
        (ids.include.length === 0 || ids.include.includes(f.id)) &&
        !ids.exclude.includes(f.id) &&
        (!wanted || wanted.has(f.key)),
    ).map((f) => this.semanticFormat(f, rootUri));
  }

  private semanticFormat(f: BmltFormat, rootUri: string): SemanticFormat {
    return {
      key_string: f.key,
      name_string: f.name,
      description_string: f.description,
      lang: 'en',
      id: String(f.id),
      world_id: f.worldId,
      format_type_enum: f.type,
      root_server_uri: rootUri,
    };
  }

  /** The region tree of listed places under one root (this server). */
  async serviceBodies(query: Query): Promise<SemanticServiceBody[]> {
    const { services, recursive, parents } = parseServicesQuery(query);
    const bodies = new Map<number, SemanticServiceBody & { ancestors: number[] }>();
    bodies.set(ROOT_SERVICE_BODY_ID, {
      id: String(ROOT_SERVICE_BODY_ID),
      parent_id: '0',
      name: 'Homegroup',
      description: 'Every meeting listed on this server',
      type: 'ZF',
      url: '',
      helpline: '',
      world_id: '',
      ancestors: [],
    });
    for (const path of await this.repository.regionPaths()) {
      const ancestors = [ROOT_SERVICE_BODY_ID];
      path.forEach((name, i) => {
        const id = serviceBodyId(path.slice(0, i + 1));
        if (!bodies.has(id)) {
          bodies.set(id, {
            id: String(id),
            parent_id: String(ancestors.at(-1)),
            name: name.trim(),
            description: path.slice(0, i + 1).join(', '),
            type: i === 0 ? 'RS' : 'AS',
            url: '',
            helpline: '',
            world_id: '',
            ancestors: [...ancestors],
          });
        }
        ancestors.push(id);
      });
    }
    const all = [...bodies.values()];
    const chosen = (b: (typeof all)[number]): boolean => {
      const id = Number(b.id);
      const hit = (s: number): boolean =>
        s === id ||
        (recursive && b.ancestors.includes(s)) ||
        (parents && (bodies.get(s)?.ancestors.includes(id) ?? false));
      if (services.exclude.some(hit)) return false;
      return services.include.length === 0 || services.include.some(hit);
    };
    return all
      .filter(chosen)
      .sort(
        (a, b) =>
          a.ancestors.length - b.ancestors.length ||
          a.name.localeCompare(b.name) ||
          Number(a.id) - Number(b.id),
      )
      .map(({ ancestors: _ancestors, ...body }) => body);
  }

  async serverInfo(): Promise<Record<string, unknown>[]> {
    const [coverage, provinces] = await Promise.all([
      this.repository.coverage(),
      this.repository.provinces(),
    ]);
    const centerLat = coverage.lat_min === null ? 0 : (coverage.lat_min + coverage.lat_max!) / 2;
    const centerLng = coverage.lng_min === null ? 0 : (coverage.lng_min + coverage.lng_max!) / 2;
    const [major, minor, patch] = BMLT_COMPATIBLE_VERSION.split('.').map(Number);
    return [
      {
        version: BMLT_COMPATIBLE_VERSION,
        versionInt: String(major * 1_000_000 + minor * 1000 + patch),
        langs: 'en',
        nativeLang: 'en',
        centerLongitude: String(centerLng),
        centerLatitude: String(centerLat),
        centerZoom: '6',
        defaultDuration: '01:00',
        regionBias: '',
        charSet: 'UTF-8',
        distanceUnits: 'km',
        semanticAdmin: '0',
        changesPerMeeting: '0',
        meeting_states_and_provinces: provinces.join(','),
        meeting_counties_and_sub_provinces: '',
        available_keys: BMLT_FIELD_KEYS.join(','),
        google_api_key: '',
        auto_geocoding_enabled: false,
        county_auto_geocoding_enabled: false,
        zip_auto_geocoding_enabled: false,
        default_closed_status: true,
        aggregator_mode_enabled: false,
      },
    ];
  }

  fieldKeys(): { key: string; description: string }[] {
    return BMLT_FIELD_KEYS.map((key) => ({ key, description: BMLT_MEETING_FIELDS[key] }));
  }

  /** Each distinct value of one field among the listings, with the listing ids holding it. */
  async fieldValues(query: Query, rootUri: string): Promise<Record<string, string>[]> {
    const { key, formats } = parseFieldValuesQuery(query);
    const search = parseSearch({});
    if (formats) search.formats = { include: formats, exclude: [] };
    search.formatsOperator = 'OR';
    const listings = await this.search(search, rootUri);
    const byValue = new Map<string, string[]>();
    for (const l of listings) {
      const value = l.fields[key] ?? '';
      let ids = byValue.get(value);
      if (!ids) byValue.set(value, (ids = []));
      ids.push(l.fields.id_bigint!);
    }
    return [...byValue.entries()]
      .sort(([a], [b]) => (NUMERIC_FIELDS.has(key) ? Number(a) - Number(b) : a.localeCompare(b)))
      .map(([value, ids]) => ({ [key]: value, ids: ids.join(',') }));
  }

  /**
   * BMLT's change shape. `json_data` holds `before`/`after` of the changed fields (BMLT's field names where one
   * exists) when the log kept them; the actor is never read: `user_name` is a role, `user_id` empty.
   */
  async changes(query: Query): Promise<Record<string, unknown>[]> {
    const { from, to, meetingId } = parseChanges(query);
    const rows = await this.repository.changes(
      from ? new Date(`${from}T00:00:00Z`) : null,
      to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : null,
      meetingId === undefined ? null : Math.floor(meetingId / 8) * 8,
      CHANGES_LIMIT,
    );
    return rows.map((row) => {
      const action = row.action.split('.').at(-1);
      const path = row.regions ?? [];
      return {
        date_int: String(Math.floor(new Date(row.at).getTime() / 1000)),
        date_string: new Date(row.at).toISOString().replace('T', ' ').slice(0, 19),
        change_type:
          action === 'create'
            ? 'comdef_change_type_new'
            : action === 'delete'
              ? 'comdef_change_type_delete'
              : 'comdef_change_type_change',
        meeting_id: String(Number(row.meeting_prefix) + (row.weekday ?? 0) + (row.weekday === null ? 0 : 1)),
        meeting_name: row.meeting_name ?? '',
        user_id: '',
        user_name: row.action === 'meeting.import' ? 'Import' : 'Group lead',
        service_body_id: String(serviceBodyId(path)),
        meeting_exists: row.meeting_exists ? '1' : '0',
        details: row.fields.length ? `Changed: ${row.fields.join(', ')}` : '',
        json_data: changeData(row.diff),
      };
    });
  }

  /** One element, as BMLT answers: the box of the listed places (every longitude when they span the antimeridian). */
  async coverageArea(): Promise<Record<string, string>[]> {
    const c = await this.repository.coverage();
    return [
      {
        nw_corner_longitude: String(c.lng_min ?? 0),
        nw_corner_latitude: String(c.lat_max ?? 0),
        se_corner_longitude: String(c.lng_max ?? 0),
        se_corner_latitude: String(c.lat_min ?? 0),
      },
    ];
  }

  /** GetSearchResults as a Meeting Guide (TSML) feed, as BMLT's `tsml` output gives it, with the zone kept. */
  async tsml(query: Query, rootUri: string): Promise<Record<string, unknown>[]> {
    const params = parseSearch(query);
    const listings = await this.search(params, rootUri);
    const page = params.page
      ? listings.slice((params.page.num - 1) * params.page.size, params.page.num * params.page.size)
      : listings;
    return page.map(({ row, formats }) => {
      const start = row.local_start;
      const end = (start + row.duration_minutes) % 1440;
      const inPerson = row.attendance !== 'online';
      const types = [...new Set(formats.flatMap((f) => (TSML_TYPE[f.id] ? [TSML_TYPE[f.id]] : [])))];
      if (row.attendance === 'hybrid' && !types.includes('ONL')) types.push('ONL');
      const item: Record<string, unknown> = {
        name: row.name,
        slug: `${row.slug}-${row.listing_id}`,
        day: row.weekday,
        time: hhmmss(start).slice(0, 5),
        end_time: hhmmss(end).slice(0, 5),
        timezone: row.timezone,
        types: types.sort(),
        group: row.group_name,
        updated: new Date(row.updated_at).toISOString().replace('T', ' ').slice(0, 19),
      };
      if (row.notes) item.notes = row.notes;
      if (inPerson && row.formatted_address) {
        item.location = row.location_name ?? undefined;
        item.formatted_address = row.formatted_address;
        if (row.lat !== null && row.lng !== null && !row.approximate) {
          item.latitude = row.lat;
          item.longitude = row.lng;
        }
        if (row.location_notes) item.location_notes = row.location_notes;
        if (row.regions?.length) item.regions = row.regions;
      }
      if (row.conference_url) item.conference_url = row.conference_url;
      if (row.conference_url_notes) item.conference_url_notes = row.conference_url_notes;
      if (row.conference_phone) item.conference_phone = row.conference_phone;
      if (row.conference_phone_notes) item.conference_phone_notes = row.conference_phone_notes;
      // As the Meeting Guide feed: an extra field after the spec's own, only when overdue (ADR 0042).
      if (row.unverified) item.unverified = true;
      return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
    });
  }
}

const byId = (a: Listing, b: Listing): number => Number(a.row.listing_id) - Number(b.row.listing_id);
