import { createMeeting, leadWithGroup, uniqueTag, type MeetingBody } from '../../factories/meeting.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';
import {
  SAMPLE_FORMAT,
  SAMPLE_MEETING,
  SAMPLE_SERVER_INFO,
  SAMPLE_SERVICE_BODY,
  SAMPLE_USED_FORMATS_KEYS,
  SERVER_INFO_KEYS_NOT_SENT,
  shapeOf,
} from '../../fixtures/bmlt/samples';

type Bmlt = Record<string, string>;

/**
 * BMLT's Semantic API (ADR 0041) over real HTTP, against meetings made through the real API: every switcher, every
 * GetSearchResults parameter's meaning, the answers' shapes compared field by field with real BMLT answers
 * (test/fixtures/bmlt), JSONP, caching headers and the 400s.
 */
describe('BMLT Semantic API', () => {
  let t: TestApp;
  const tag = uniqueTag();
  const m: Record<'alpha' | 'bravo' | 'charlie' | 'delta' | 'echo' | 'hidden', MeetingBody> = {} as never;
  const names: Record<string, string> = {};

  const get = async (path: string, headers: Record<string, string> = {}) =>
    t.api.get<unknown>(path, { headers });
  const search = async (query: string): Promise<Bmlt[]> => {
    const res = await get(`/client_interface/json?switcher=GetSearchResults&${query}`);
    expect(res.status).toBe(200);
    return res.body as Bmlt[];
  };
  const namesOf = (rows: Bmlt[]): string[] => rows.map((r) => r.meeting_name.split(' ')[0]);

  beforeAll(async () => {
    t = await createTestApp();
    const { lead, group } = await leadWithGroup(t.api, { name: `Group ${tag}` });
    const london = (extra: Record<string, unknown> = {}) => ({
      name: `St Anne's ${tag}`,
      address: '55 Dean Street',
      city: 'London',
      state: 'England',
      postalCode: 'W1D 6AF',
      country: 'UK',
      formattedAddress: '55 Dean Street, London W1D 6AF, UK',
      lat: 51.5137,
      lng: -0.1321,
      regions: ['England', 'London'],
      ...extra,
    });
    m.alpha = await createMeeting(t.api, lead, group.id, {
      name: `Alpha ${tag}`,
      weekdays: [1],
      startTime: '19:00',
      durationMinutes: 60,
      types: ['OPEN', 'BT'],
      location: london({ notes: 'Side door' }),
      notes: 'Bring a friend',
    });
    m.bravo = await createMeeting(t.api, lead, group.id, {
      name: `Bravo ${tag}`,
      weekdays: [1, 4],
      startTime: '07:30',
      durationMinutes: 90,
      types: ['CLOSED', 'JFT'],
      location: london({
        name: `Islington Hall ${tag}`,
        formattedAddress: '1 Upper St, London N1, UK',
        address: '1 Upper St',
        lat: 51.5362,
        lng: -0.1033,
        regions: ['England', 'London', 'Islington'],
      }),
    });
    m.charlie = await createMeeting(t.api, lead, group.id, {
      name: `Charlie ${tag}`,
      weekdays: [2],
      startTime: '20:00',
      attendance: 'online',
      types: ['OPEN'],
      location: undefined,
      conference: { url: 'https://zoom.us/j/123456789', phone: '+441234567890' },
    });
    m.delta = await createMeeting(t.api, lead, group.id, {
      name: `Delta ${tag}`,
      timezone: 'Europe/Paris',
      weekdays: [3],
      startTime: '12:00',
      durationMinutes: 45,
      attendance: 'hybrid',
      types: ['OPEN', 'WCHR'],
      languages: ['es'],
      conference: { url: 'https://zoom.us/j/987654321' },
      location: {
        formattedAddress: '1 Rue de Rivoli, 75001 Paris, France',
        city: 'Paris',
        country: 'France',
        lat: 48.8566,
        lng: 2.3522,
        regions: ['France'],
      },
    });
    m.echo = await createMeeting(t.api, lead, group.id, {
      name: `Echo ${tag}`,
      timezone: 'America/New_York',
      weekdays: [0],
      startTime: '19:30',
      durationMinutes: 120,
      types: ['STEP'],
      location: {
        formattedAddress: '1 Broadway, New York, NY 10004, USA',
        city: 'New York',
        state: 'NY',
        lat: 40.7128,
        lng: -74.006,
        regions: ['USA', 'New York'],
      },
    });
    const hidden = await leadWithGroup(t.api, { published: false });
    m.hidden = await createMeeting(t.api, hidden.lead, hidden.group.id, { name: `Hidden ${tag}` });
    for (const [k, v] of Object.entries(m)) names[k] = v.name;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('GetSearchResults', () => {
    it("should list each published meeting once per weekday, in BMLT's order (weekday 1 = Sunday, then start), every value a string", async () => {
      const rows = await search('');
      expect(namesOf(rows)).toEqual(['Echo', 'Bravo', 'Alpha', 'Charlie', 'Delta', 'Bravo']);
      for (const row of rows) for (const value of Object.values(row)) expect(typeof value).toBe('string');
      const bravo = rows.filter((r) => r.meeting_name === names.bravo);
      expect(bravo.map((r) => r.weekday_tinyint)).toEqual(['2', '5']);
      expect(bravo[0].id_bigint).not.toBe(bravo[1].id_bigint);
    });

    it('should answer each field as BMLT does (compared field by field with a real BMLT meeting)', async () => {
      const [alpha] = await search(
        `SearchString=alpha%20${tag}&lat_val=51.5&long_val=-0.12&geo_width_km=50&get_used_formats=1`.replace(
          'get_used_formats=1',
          '',
        ),
      );
      for (const [key, sample] of Object.entries(SAMPLE_MEETING)) {
        expect({ key, shape: shapeOf(alpha[key]) }).toEqual({ key, shape: shapeOf(sample) });
      }
      expect(alpha).toMatchObject({
        weekday_tinyint: '2',
        start_time: '19:00:00',
        duration_time: '01:00:00',
        time_zone: 'Europe/London',
        venue_type: '1',
        formats: 'BT,O',
        format_shared_id_list: '3,17',
        latitude: '51.5137',
        longitude: '-0.1321',
        meeting_name: names.alpha,
        location_text: `St Anne's ${tag}`,
        location_info: 'Side door',
        location_street: '55 Dean Street',
        location_municipality: 'London',
        location_province: 'England',
        location_postal_code_1: 'W1D 6AF',
        location_nation: 'UK',
        comments: 'Bring a friend',
        published: '1',
        phone_meeting_number: '',
        virtual_meeting_link: '',
      });
      expect(Number(alpha.distance_in_km)).toBeCloseTo(1.3, 0);
      expect(Number(alpha.distance_in_miles)).toBeCloseTo(Number(alpha.distance_in_km) / 1.609344, 6);
      expect(alpha.root_server_uri).toBe(t.baseUrl);
      const charlie = (await search(`SearchString=charlie%20${tag}`))[0];
      expect(charlie).toMatchObject({
        venue_type: '2',
        formats: 'O,VM',
        virtual_meeting_link: 'https://zoom.us/j/123456789',
        phone_meeting_number: '+441234567890',
        latitude: '',
        longitude: '',
      });
      expect(charlie.distance_in_km).toBeUndefined();
      const delta = (await search(`SearchString=delta%20${tag}`))[0];
      expect(delta).toMatchObject({
        venue_type: '3',
        formats: 'ES,O,WC,HY',
        format_shared_id_list: '9,17,33,56',
        lang_enum: 'es',
        time_zone: 'Europe/Paris',
        duration_time: '00:45:00',
      });
    });

    it('should give { meetings, formats } for get_used_formats (the formats of those meetings) and { formats } for get_formats_only', async () => {
      const res = await get(`/client_interface/json?switcher=GetSearchResults&get_used_formats=1&weekdays=2`);
      const body = res.body as { meetings: Bmlt[]; formats: Bmlt[] };
      expect(Object.keys(body)).toEqual(SAMPLE_USED_FORMATS_KEYS);
      expect(namesOf(body.meetings)).toEqual(['Bravo', 'Alpha']);
      expect(body.formats.map((f) => f.key_string)).toEqual(['BT', 'C', 'JT', 'O']);
      // crouton sends the flag without a value: present means yes, as in BMLT.
      const bare = (await get(`/client_interface/json?switcher=GetSearchResults&get_used_formats&weekdays=2`))
        .body;
      expect(bare).toEqual(body);
      const only = (
        await get(`/client_interface/json?switcher=GetSearchResults&get_formats_only=1&weekdays=4`)
      ).body as Record<string, Bmlt[]>;
      expect(Object.keys(only)).toEqual(['formats']);
      expect(only.formats.map((f) => f.world_id)).toEqual(
        ['OPEN', 'WCHR', 'HYBR', 'LANG'].sort(
          (a, b) => ['LANG', 'OPEN', 'WCHR', 'HYBR'].indexOf(a) - ['LANG', 'OPEN', 'WCHR', 'HYBR'].indexOf(b),
        ),
      );
    });

    it('should filter weekdays given as weekdays[]= or comma lists, negative excluding', async () => {
      expect(namesOf(await search('weekdays[]=2&weekdays[]=3'))).toEqual(['Bravo', 'Alpha', 'Charlie']);
      expect(namesOf(await search('weekdays=2,5'))).toEqual(['Bravo', 'Alpha', 'Bravo']);
      expect(namesOf(await search('weekdays=-2,-1'))).toEqual(['Charlie', 'Delta', 'Bravo']);
    });

    it('should filter venue_types (1 in person, 2 virtual, 3 hybrid), negative excluding', async () => {
      expect(namesOf(await search('venue_types=2'))).toEqual(['Charlie']);
      expect(namesOf(await search('venue_types=3'))).toEqual(['Delta']);
      expect(namesOf(await search('venue_types=-1'))).toEqual(['Charlie', 'Delta']);
    });

    it('should filter formats by id, AND-ed by default, OR when asked, negative excluding', async () => {
      expect(namesOf(await search('formats=17'))).toEqual(['Alpha', 'Charlie', 'Delta']);
      expect(namesOf(await search('formats=17,3'))).toEqual(['Alpha']);
      expect(namesOf(await search('formats[]=3&formats[]=4&formats_comparison_operator=OR'))).toEqual([
        'Bravo',
        'Alpha',
        'Bravo',
      ]);
      expect(namesOf(await search('formats=-17'))).toEqual(['Echo', 'Bravo', 'Bravo']);
      expect(namesOf(await search('formats=54'))).toEqual(['Charlie']);
    });

    it('should include and exclude listing ids with meeting_ids', async () => {
      const all = await search('');
      const alphaId = all.find((r) => r.meeting_name === names.alpha)!.id_bigint;
      expect(namesOf(await search(`meeting_ids=${alphaId}`))).toEqual(['Alpha']);
      expect(namesOf(await search(`meeting_ids=-${alphaId}`))).not.toContain('Alpha');
      expect(await search(`meeting_ids=-${alphaId}`)).toHaveLength(5);
    });

    it('should keep meetings within geo_width (miles) or geo_width_km of lat_val/long_val and sort them by distance when asked', async () => {
      const point = 'lat_val=51.5074&long_val=-0.1278';
      expect(namesOf(await search(`${point}&geo_width_km=10`))).toEqual(['Bravo', 'Alpha', 'Bravo']);
      // Paris is ~343 km (~213 miles) away: within 250 miles, not within 250 km.
      expect(namesOf(await search(`${point}&geo_width=250`))).toEqual(['Bravo', 'Alpha', 'Delta', 'Bravo']);
      expect(namesOf(await search(`${point}&geo_width_km=250`))).toEqual(['Bravo', 'Alpha', 'Bravo']);
      const sorted = await search(`${point}&geo_width=250&sort_results_by_distance=1`);
      expect(namesOf(sorted)).toEqual(['Alpha', 'Bravo', 'Bravo', 'Delta']);
      const distances = sorted.map((r) => Number(r.distance_in_miles));
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(distances[3]).toBeGreaterThan(200);
    });

    it('should read a negative width as the smallest radius holding at least N meetings (not the N nearest)', async () => {
      const point = 'lat_val=51.5074&long_val=-0.1278';
      // Alpha is ~0.5 km away; Bravo's two listings share a place ~3.3 km away.
      expect(namesOf(await search(`${point}&geo_width_km=-1&sort_results_by_distance=1`))).toEqual(['Alpha']);
      expect(namesOf(await search(`${point}&geo_width_km=-2&sort_results_by_distance=1`))).toEqual([
        'Alpha',
        'Bravo',
        'Bravo',
      ]);
      expect(namesOf(await search(`${point}&geo_width=-4&sort_results_by_distance=1`))).toEqual([
        'Alpha',
        'Bravo',
        'Bravo',
      ]);
    });

    it('should compare StartsAfter/StartsBefore/EndsBefore with each meeting’s local time in its own zone', async () => {
      // Echo is 19:30 in New York (00:30 UTC on Monday): local time decides.
      expect(namesOf(await search('StartsAfterH=19'))).toEqual(['Echo', 'Charlie']);
      expect(namesOf(await search('StartsAfterH=19&StartsAfterM=29'))).toEqual(['Echo', 'Charlie']);
      expect(namesOf(await search('StartsBeforeH=12'))).toEqual(['Bravo', 'Bravo']);
      expect(namesOf(await search('StartsBeforeH=12&StartsBeforeM=1'))).toEqual(['Bravo', 'Delta', 'Bravo']);
      expect(namesOf(await search('EndsBeforeH=9'))).toEqual(['Bravo', 'Bravo']);
      expect(namesOf(await search('EndsBeforeH=8&EndsBeforeM=59'))).toEqual([]);
    });

    it('should bound the duration with MinDuration and MaxDuration', async () => {
      expect(namesOf(await search('MinDurationH=1&MinDurationM=30'))).toEqual(['Echo', 'Bravo', 'Bravo']);
      expect(namesOf(await search('MaxDurationM=45'))).toEqual(['Delta']);
    });

    it('should filter by SearchString, meeting_key/meeting_key_value and services', async () => {
      expect(namesOf(await search(`SearchString=Islington%20Hall%20${tag}`))).toEqual(['Bravo', 'Bravo']);
      expect(namesOf(await search('meeting_key=location_municipality&meeting_key_value=Paris'))).toEqual([
        'Delta',
      ]);
      expect(namesOf(await search('meeting_key=weekday_tinyint&meeting_key_value=1'))).toEqual(['Echo']);
      const bodies = (await get('/client_interface/json?switcher=GetServiceBodies')).body as Bmlt[];
      const london = bodies.find((b) => b.name === 'London')!;
      expect(namesOf(await search(`services=${london.id}`))).toEqual(['Alpha']);
      expect(namesOf(await search(`services=${london.id}&recursive=1`))).toEqual(['Bravo', 'Alpha', 'Bravo']);
      expect(namesOf(await search(`services=-${london.id}&recursive=1`))).toEqual([
        'Echo',
        'Charlie',
        'Delta',
      ]);
    });

    it('should return only the data_field_key fields and page with page_size/page_num', async () => {
      const rows = await search('data_field_key=meeting_name,weekday_tinyint');
      for (const row of rows) expect(Object.keys(row).sort()).toEqual(['meeting_name', 'weekday_tinyint']);
      expect(namesOf(await search('page_size=2&page_num=2'))).toEqual(['Alpha', 'Charlie']);
      expect(namesOf(await search('page_size=4&page_num=2'))).toEqual(['Delta', 'Bravo']);
      expect(await search('page_size=4&page_num=3')).toEqual([]);
    });

    it('should never list the meetings of an unpublished group', async () => {
      expect((await search('')).map((r) => r.meeting_name)).not.toContain(names.hidden);
    });

    it('should sort by sort_keys and sort_key', async () => {
      expect(namesOf(await search('sort_keys=meeting_name'))).toEqual([
        'Alpha',
        'Bravo',
        'Bravo',
        'Charlie',
        'Delta',
        'Echo',
      ]);
      expect(namesOf(await search('sort_key=time'))).toEqual([
        'Bravo',
        'Bravo',
        'Delta',
        'Alpha',
        'Echo',
        'Charlie',
      ]);
    });
  });

  describe('the other switchers', () => {
    it('should answer GetFormats with the fixed table, each field as BMLT sends it, with NAWS world ids', async () => {
      const formats = (await get('/client_interface/json?switcher=GetFormats')).body as Bmlt[];
      for (const format of formats) {
        expect(Object.keys(format).sort()).toEqual(Object.keys(SAMPLE_FORMAT).sort());
        for (const [key, sample] of Object.entries(SAMPLE_FORMAT))
          expect({ key, shape: shapeOf(format[key]) }).toMatchObject({
            key,
            shape: key === 'root_server_uri' ? 'string' : shapeOf(sample),
          });
      }
      const bt = formats.find((f) => f.id === '3')!;
      expect(bt).toMatchObject({ key_string: 'BT', world_id: 'BT', format_type_enum: 'FC1', lang: 'en' });
      expect(formats.find((f) => f.world_id === 'OPEN')).toMatchObject({
        id: '17',
        key_string: 'O',
        format_type_enum: 'O',
      });
      expect(formats.find((f) => f.world_id === 'CLOSED')).toMatchObject({ id: '4', key_string: 'C' });
      expect(formats.find((f) => f.world_id === 'BEG')).toMatchObject({ id: '1', key_string: 'B' });
      const some = (await get('/client_interface/json?switcher=GetFormats&format_ids=17,4')).body as Bmlt[];
      expect(some.map((f) => f.id)).toEqual(['4', '17']);
      const keys = (await get('/client_interface/json?switcher=GetFormats&key_strings=VM,HY')).body as Bmlt[];
      expect(keys.map((f) => f.world_id)).toEqual(['VM', 'HYBR']);
    });

    it('should answer GetServiceBodies with the region tree under this server, BMLT-shaped, with stable ids', async () => {
      const bodies = (await get('/client_interface/json?switcher=GetServiceBodies')).body as Bmlt[];
      for (const body of bodies) {
        expect(Object.keys(body).sort()).toEqual(Object.keys(SAMPLE_SERVICE_BODY).sort());
        expect(shapeOf(body.id)).toBe('integer-string');
        expect(shapeOf(body.parent_id)).toBe('integer-string');
      }
      const byName = Object.fromEntries(bodies.map((b) => [b.name, b]));
      expect(byName.Homegroup).toMatchObject({ id: '1', parent_id: '0' });
      expect(byName.England).toMatchObject({ parent_id: '1', type: 'RS' });
      expect(byName.London).toMatchObject({ parent_id: byName.England.id, type: 'AS' });
      expect(byName.Islington.parent_id).toBe(byName.London.id);
      const again = (await get('/client_interface/json?switcher=GetServiceBodies')).body as Bmlt[];
      expect(again).toEqual(bodies);
      const rows = await search(`SearchString=alpha%20${tag}`);
      expect(rows[0].service_body_bigint).toBe(byName.London.id);
      const sub = (
        await get(
          `/client_interface/json?switcher=GetServiceBodies&services=${byName.England.id}&recursive=1`,
        )
      ).body as Bmlt[];
      expect(sub.map((b) => b.name)).toEqual(['England', 'London', 'Islington']);
    });

    it('should answer GetServerInfo with BMLT’s keys (not the PHP server’s own) in the same shapes', async () => {
      const [info] = (await get('/client_interface/json?switcher=GetServerInfo')).body as Record<
        string,
        unknown
      >[];
      const expected = Object.keys(SAMPLE_SERVER_INFO).filter((k) => !SERVER_INFO_KEYS_NOT_SENT.includes(k));
      expect(Object.keys(info).sort()).toEqual(expected.sort());
      for (const key of expected) {
        if (key === 'centerLongitude' || key === 'centerLatitude')
          expect(Number.isFinite(Number(info[key]))).toBe(true);
        else expect(typeof info[key]).toBe(typeof SAMPLE_SERVER_INFO[key]);
      }
      expect(info.meeting_states_and_provinces).toBe('England,NY');
      expect(String(info.available_keys).split(',')).toContain('format_shared_id_list');
    });

    it('should answer GetFieldKeys and GetFieldValues', async () => {
      const keys = (await get('/client_interface/json?switcher=GetFieldKeys')).body as Bmlt[];
      expect(keys.map((k) => k.key)).toEqual(
        expect.arrayContaining(['id_bigint', 'meeting_name', 'location_municipality', 'weekday_tinyint']),
      );
      const towns = (
        await get('/client_interface/json?switcher=GetFieldValues&meeting_key=location_municipality')
      ).body as Bmlt[];
      expect(towns.map((t) => t.location_municipality)).toEqual(['', 'London', 'New York', 'Paris']);
      expect(towns.find((t) => t.location_municipality === 'London')!.ids.split(',')).toHaveLength(3);
      const open = (
        await get(
          '/client_interface/json?switcher=GetFieldValues&meeting_key=location_municipality&specific_formats=4',
        )
      ).body as Bmlt[];
      expect(open.map((t) => t.location_municipality)).toEqual(['London']);
    });

    it('should answer GetChanges from the change log (never who) by date and meeting', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const res = await t.api.patch(`/meetings/${m.alpha.id}`, { durationMinutes: 75 }, { token: undefined });
      expect(res.status).toBe(401);
      const all = (
        await get(`/client_interface/json?switcher=GetChanges&start_date=${today}&end_date=${today}`)
      ).body as Bmlt[];
      expect(
        all
          .filter((c) => c.change_type === 'comdef_change_type_new')
          .map((c) => c.meeting_name)
          .sort(),
      ).toEqual([names.alpha, names.bravo, names.charlie, names.delta, names.echo].sort());
      const alphaId = (await search(`SearchString=alpha%20${tag}`))[0].id_bigint;
      const one = (await get(`/client_interface/json?switcher=GetChanges&meeting_id=${alphaId}`))
        .body as Bmlt[];
      expect(one).toHaveLength(1);
      expect(one[0]).toMatchObject({
        meeting_id: alphaId,
        meeting_name: names.alpha,
        user_id: '',
        user_name: 'Group lead',
        meeting_exists: '1',
        json_data: {},
      });
      expect(shapeOf(one[0].date_int)).toBe('integer-string');
      const none = (
        await get('/client_interface/json?switcher=GetChanges&start_date=2001-01-01&end_date=2001-01-02')
      ).body;
      expect(none).toEqual([]);
    });

    it('should answer GetCoverageArea with the box of the listed places', async () => {
      const [box, ...more] = (await get('/client_interface/json?switcher=GetCoverageArea')).body as Bmlt[];
      expect(more).toEqual([]);
      expect(box).toEqual({
        nw_corner_longitude: '-74.006',
        nw_corner_latitude: '51.5362',
        se_corner_longitude: '2.3522',
        se_corner_latitude: '40.7128',
      });
    });
  });

  describe('outputs and headers', () => {
    it('should wrap a jsonp answer in the callback, as application/javascript', async () => {
      const res = await get('/client_interface/jsonp?switcher=GetFormats&callback=croutonCallback_12');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
      const text = String(res.body);
      expect(text.startsWith('/**/croutonCallback_12(')).toBe(true);
      expect(text.endsWith(');')).toBe(true);
      const json = (await get('/client_interface/json?switcher=GetFormats')).body;
      expect(JSON.parse(text.slice('/**/croutonCallback_12('.length, -2))).toEqual(json);
    });

    it('should refuse a jsonp callback that is not a plain identifier', async () => {
      for (const callback of ['alert(1)', 'a.b', 'x;y', '', '1abc', 'a'.repeat(65)]) {
        const res = await get(
          `/client_interface/jsonp?switcher=GetFormats&callback=${encodeURIComponent(callback)}`,
        );
        expect({ callback, status: res.status }).toEqual({ callback, status: 400 });
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect((res.body as { fields: { field: string }[] }).fields[0].field).toBe('callback');
      }
      expect((await get('/client_interface/jsonp?switcher=GetFormats')).status).toBe(400);
    });

    it('should give GetSearchResults as a Meeting Guide feed in tsml, with the zone', async () => {
      const res = await get(`/client_interface/tsml?switcher=GetSearchResults&SearchString=delta%20${tag}`);
      expect(res.status).toBe(200);
      const [delta] = res.body as Record<string, unknown>[];
      expect(delta).toMatchObject({
        name: names.delta,
        day: 3,
        time: '12:00',
        end_time: '12:45',
        timezone: 'Europe/Paris',
        latitude: 48.8566,
        conference_url: 'https://zoom.us/j/987654321',
      });
      expect(delta.types).toEqual(['O', 'ONL', 'S', 'X']);
      expect((await get('/client_interface/tsml?switcher=GetFormats')).status).toBe(400);
    });

    it('should be public and cacheable (Cache-Control, ETag and 304), readable cross-origin, with errors not cached', async () => {
      const res = await get('/client_interface/json?switcher=GetFormats', {
        authorization: 'Bearer not-a-token',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=60');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^W\/".+"$/);
      const again = await fetch(`${t.baseUrl}/client_interface/json?switcher=GetFormats`, {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      const bad = await get('/client_interface/json?switcher=Nope');
      expect(bad.status).toBe(400);
      expect(bad.headers.get('cache-control')).toBe('no-store');
      // BMLT clients write a trailing slash: the same answer.
      const slash = await fetch(`${t.baseUrl}/client_interface/json/?switcher=GetFieldKeys`);
      expect(slash.status).toBe(200);
      expect(await slash.json()).toEqual((await get('/client_interface/json?switcher=GetFieldKeys')).body);
    });

    it('should answer bad parameters with a 400 naming the parameter and an unknown output with a 404', async () => {
      const cases: [string, string][] = [
        ['switcher=Nope', 'switcher'],
        ['switcher=GetSearchResults&weekdays=8', 'weekdays'],
        ['switcher=GetSearchResults&weekdays=monday', 'weekdays'],
        ['switcher=GetSearchResults&venue_types=4', 'venue_types'],
        ['switcher=GetSearchResults&geo_width=10', 'geo_width'],
        ['switcher=GetSearchResults&lat_val=91&long_val=0&geo_width=1', 'lat_val'],
        ['switcher=GetSearchResults&lat_val=1&long_val=1&geo_width_km=-2.5', 'geo_width_km'],
        ['switcher=GetSearchResults&StartsAfterH=25', 'StartsAfterH'],
        ['switcher=GetSearchResults&data_field_key=meeting_name,bogus', 'data_field_key'],
        ['switcher=GetSearchResults&formats_comparison_operator=XOR', 'formats_comparison_operator'],
        ['switcher=GetSearchResults&meeting_key=nope&meeting_key_value=1', 'meeting_key'],
        ['switcher=GetSearchResults&page_size=0', 'page_size'],
        ['switcher=GetSearchResults&SearchString=a%00b', 'SearchString'],
        ['switcher=GetFieldValues', 'meeting_key'],
        ['switcher=GetChanges&start_date=2026-02-30', 'start_date'],
        ['switcher=GetChanges&start_date=2026-03-02&end_date=2026-03-01', 'end_date'],
      ];
      for (const [query, field] of cases) {
        const res = await get(`/client_interface/json?${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect((res.body as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain(field);
      }
      expect((await get('/client_interface/xml?switcher=GetFormats')).status).toBe(404);
    });
  });
});
