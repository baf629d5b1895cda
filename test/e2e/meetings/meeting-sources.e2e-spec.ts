import { DataSource } from 'typeorm';
import { MeetingSourcesService } from '@homegroup/meetings';
import { Clock } from '@homegroup/operations';
import { registerMember, type TestMember } from '../../factories/member.factory';
import { createGroup, createMeeting, makeAdmin, uniqueTag, type GroupBody } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { FakeFeedServer } from '../../utils/fake-feed-server';
import { waitFor } from '../../utils/wait-for';

type Source = { id: string; name: string; url: string; format: string; groupId: string | null; source: string; cadenceMinutes: number; nextRunAt: string };
type Run = {
  id: string;
  trigger: string;
  status: string;
  httpStatus: number | null;
  notModified: boolean;
  total: number | null;
  created: number;
  updated: number;
  unchanged: number;
  missing: number;
  rejected: number;
  linked: number;
  links: { slug: string; meetingId: string; linkedSource: string | null }[];
  error: string | null;
};

/** A Meeting Guide item in London on Monday 19:00 (what differs is passed). */
const mgItem = (slug: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  slug,
  name,
  day: 1,
  time: '19:00',
  end_time: '20:00',
  timezone: 'Europe/London',
  formatted_address: `${slug} Example Street, London, UK`,
  latitude: 51.5074,
  longitude: -0.1278,
  types: ['O'],
  ...extra,
});

describe('meeting sources: feeds fetched by the worker (ADR 0043)', () => {
  let t: TestApp;
  let feeds: FakeFeedServer;
  let admin: TestMember;
  let lead: TestMember;
  let group: GroupBody;

  beforeAll(async () => {
    feeds = new FakeFeedServer();
    await feeds.start();
    t = await createTestApp({
      captureLogs: true,
      env: { RUN_WORKER: 'true', MEETING_SOURCES_ALLOW_PRIVATE_ADDRESSES: 'true', MEETING_SOURCES_TIMEOUT_SECONDS: '2', MEETING_SOURCES_MAX_BYTES: '65536' },
    });
    admin = await registerMember(t.api);
    await makeAdmin(t, admin);
    lead = await registerMember(t.api);
    group = await createGroup(t.api, lead);
  });

  afterAll(async () => {
    await t.close();
    await feeds.stop();
  });

  const register = async (body: Record<string, unknown>, member: TestMember = admin): Promise<Source> => {
    const res = await t.api.post<Source>('/meeting-sources', { cadenceMinutes: 60, format: 'meeting-guide', ...body }, { token: member.accessToken });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** Queues a run through the API and waits for the worker to finish it. */
  const runNow = async (source: Source, member: TestMember = admin): Promise<Run> => {
    const queued = await t.api.post<Run>(`/meeting-sources/${source.id}/run`, {}, { token: member.accessToken });
    expect(queued.status).toBe(202);
    expect(queued.body.status).toBe('queued');
    return waitFor(async () => {
      const runs = await t.api.get<Run[]>(`/meeting-sources/${source.id}/runs`, { token: member.accessToken });
      const run = runs.body.find((r) => r.id === queued.body.id);
      return run && !['queued', 'running'].includes(run.status) ? run : null;
    }, 15_000);
  };
  const meetingsOf = async (sourceKey: string): Promise<{ id: string; name: string; slug: string }[]> =>
    t.app.get(DataSource).query(`SELECT id, name, source_slug AS slug FROM meetings WHERE source = $1 ORDER BY source_slug`, [sourceKey]);
  const listed = async (ids: string[]): Promise<number> => {
    let found = 0;
    for (const id of ids) if ((await t.api.get(`/meetings/${id}`)).status === 200) found += 1;
    return found;
  };

  describe('registering (who may, and what)', () => {
    it('should let a lead register a feed for their own group, and hide it from everyone else but admins (404)', async () => {
      const source = await register({ name: 'Our group feed', url: feeds.url('/lead.json'), groupId: group.id, cadenceMinutes: 30 }, lead);
      expect(source).toMatchObject({ groupId: group.id, cadenceMinutes: 30, format: 'meeting-guide', source: `source:${source.id}` });
      expect(new Date(source.nextRunAt).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
      const stranger = await registerMember(t.api);
      expect((await t.api.get(`/meeting-sources/${source.id}`, { token: stranger.accessToken })).status).toBe(404);
      expect((await t.api.post(`/meeting-sources/${source.id}/run`, {}, { token: stranger.accessToken })).status).toBe(404);
      expect((await t.api.get(`/meeting-sources/${source.id}/runs`, { token: stranger.accessToken })).status).toBe(404);
      expect((await t.api.patch(`/meeting-sources/${source.id}`, { cadenceMinutes: 60 }, { token: stranger.accessToken })).status).toBe(404);
      expect((await t.api.delete(`/meeting-sources/${source.id}`, { token: stranger.accessToken })).status).toBe(404);
      expect((await t.api.get<Source[]>('/meeting-sources', { token: stranger.accessToken })).body).toEqual([]);
      expect((await t.api.get<Source[]>('/meeting-sources', { token: lead.accessToken })).body.map((s) => s.id)).toContain(source.id);
      expect((await t.api.get<Source[]>('/meeting-sources', { token: admin.accessToken })).body.map((s) => s.id)).toContain(source.id);

      const patched = await t.api.patch<Source>(`/meeting-sources/${source.id}`, { cadenceMinutes: 120, name: 'Renamed' }, { token: lead.accessToken });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ cadenceMinutes: 120, name: 'Renamed', groupId: group.id });
      expect(new Date(patched.body.nextRunAt).getTime()).toBeGreaterThan(Date.now() + 119 * 60_000);
      expect((await t.api.delete(`/meeting-sources/${source.id}`, { token: lead.accessToken })).status).toBe(204);
      expect((await t.api.get(`/meeting-sources/${source.id}`, { token: admin.accessToken })).status).toBe(404);
    });

    it('should refuse a whole feed from a non-admin (403), another group (403), a cadence under 15 minutes and a bad URL (400)', async () => {
      const whole = await t.api.post('/meeting-sources', { name: 'Whole', url: feeds.url('/x.json'), format: 'meeting-guide', cadenceMinutes: 60 }, { token: lead.accessToken });
      expect(whole.status).toBe(403);
      const other = await createGroup(t.api, await registerMember(t.api));
      const foreign = await t.api.post(
        '/meeting-sources',
        { name: 'Not mine', url: feeds.url('/x.json'), format: 'meeting-guide', cadenceMinutes: 60, groupId: other.id },
        { token: lead.accessToken },
      );
      expect(foreign.status).toBe(403);
      const fast = await t.api.post<{ fields: { field: string }[] }>(
        '/meeting-sources',
        { name: 'Too often', url: feeds.url('/x.json'), format: 'meeting-guide', cadenceMinutes: 5 },
        { token: admin.accessToken },
      );
      expect(fast.status).toBe(400);
      expect(fast.body.fields.map((f) => f.field)).toEqual(['cadenceMinutes']);
      for (const url of ['ftp://example.org/feed.json', 'not a url', 'file:///etc/passwd']) {
        const bad = await t.api.post('/meeting-sources', { name: 'Bad', url, format: 'meeting-guide', cadenceMinutes: 60 }, { token: admin.accessToken });
        expect(bad.status).toBe(400);
      }
    });
  });

  it('should log runs as counts, never a feed URL or a meeting name', async () => {
    const tag = uniqueTag();
    const path = `/logged-${tag}.json?key=secret-${tag}`;
    feeds.set(path, { body: [mgItem(`l-${tag}`, `Logged name ${tag}`)] });
    const source = await register({ name: 'Logged', url: feeds.url(path) });
    expect((await runNow(source)).created).toBe(1);
    const logs = t.logs();
    expect(logs).toContain(`meeting source ${source.id} run`);
    expect(logs).toMatch(/1 items: 1 created/);
    expect(logs).not.toContain(`secret-${tag}`);
    expect(logs).not.toContain(`Logged name ${tag}`);
  }, 30_000);

  describe('runs', () => {
    it('should import, then send If-None-Match / If-Modified-Since and record a 304 as not modified, then import only the delta', async () => {
      const tag = uniqueTag();
      const path = `/mg-${tag}.json`;
      feeds.set(path, { body: [mgItem(`a-${tag}`, `Alpha ${tag}`), mgItem(`b-${tag}`, `Beta ${tag}`, { day: 3 })], etag: '"v1"', lastModified: 'Mon, 07 Dec 2026 10:00:00 GMT' });
      const source = await register({ name: 'Conditional', url: feeds.url(path) });

      const first = await runNow(source);
      expect(first).toMatchObject({ status: 'imported', httpStatus: 200, notModified: false, total: 2, created: 2, updated: 0, unchanged: 0, rejected: 0, linked: 0, error: null });
      expect(feeds.requestsTo(path)[0].headers['if-none-match']).toBeUndefined();
      expect(await meetingsOf(source.source)).toHaveLength(2);

      const second = await runNow(source);
      expect(second).toMatchObject({ status: 'not-modified', httpStatus: 304, notModified: true, created: 0, updated: 0 });
      const conditional = feeds.requestsTo(path)[1].headers;
      expect(conditional['if-none-match']).toBe('"v1"');
      expect(conditional['if-modified-since']).toBe('Mon, 07 Dec 2026 10:00:00 GMT');

      feeds.set(path, {
        body: [mgItem(`a-${tag}`, `Alpha ${tag}`), mgItem(`b-${tag}`, `Beta renamed ${tag}`, { day: 3 }), mgItem(`c-${tag}`, `Gamma ${tag}`, { day: 5 })],
        etag: '"v2"',
      });
      const third = await runNow(source);
      expect(third).toMatchObject({ status: 'imported', httpStatus: 200, total: 3, created: 1, updated: 1, unchanged: 1, missing: 0 });
      expect((await meetingsOf(source.source)).map((m) => m.name)).toEqual([`Alpha ${tag}`, `Beta renamed ${tag}`, `Gamma ${tag}`]);
      expect(feeds.requestsTo(path)[2].headers['if-none-match']).toBe('"v1"');
      await runNow(source);
      expect(feeds.requestsTo(path)[3].headers['if-none-match']).toBe('"v2"');
    }, 60_000);

    it.each([
      ['a 500', { status: 500, body: { error: 'boom' } }, { status: 'failed', httpStatus: 500 }, /HTTP 500/],
      ['a 404', { status: 404, body: 'gone' }, { status: 'failed', httpStatus: 404 }, /HTTP 404/],
      ['an empty feed', { body: [] }, { status: 'failed', httpStatus: 200 }, /empty/],
      ['garbage', { body: '<html>maintenance</html>' }, { status: 'failed', httpStatus: 200 }, /not JSON/],
      ['JSON that is no feed', { body: { hello: 'world' } }, { status: 'failed', httpStatus: 200 }, /not Meeting Guide JSON/],
      ['no answer in time', { body: [], delayMs: 4000 }, { status: 'failed', httpStatus: null }, /within 2 s/],
      ['a redirect (not followed)', { status: 302, body: '' }, { status: 'failed', httpStatus: 302 }, /HTTP 302/],
      [
        'a feed over the size limit',
        { body: Array.from({ length: 400 }, (_, i) => mgItem(`big-${i}`, `Big ${i} ${'x'.repeat(100)}`)) },
        { status: 'failed', httpStatus: null },
        /larger than 65536 bytes/,
      ],
    ])('should change nothing on %s: every meeting stays listed, none is reported missing', async (_label, answer, expected, error) => {
      const tag = uniqueTag();
      const path = `/fail-${tag}.json`;
      feeds.set(path, { body: [mgItem(`a-${tag}`, `Kept A ${tag}`), mgItem(`b-${tag}`, `Kept B ${tag}`, { day: 2 })] });
      const source = await register({ name: 'Flaky', url: feeds.url(path) });
      expect((await runNow(source)).created).toBe(2);
      const before = await meetingsOf(source.source);

      feeds.set(path, answer);
      const failed = await runNow(source);
      expect(failed).toMatchObject({ ...expected, created: 0, updated: 0, unchanged: 0, missing: 0 });
      expect(failed.error).toMatch(error);
      expect(failed.error).toMatch(/nothing was changed/);
      expect(failed.error).not.toContain(String(feeds.port));
      expect(await meetingsOf(source.source)).toEqual(before);
      expect(await listed(before.map((m) => m.id))).toBe(2);
    }, 30_000);

    it('should read a BMLT GetSearchResults answer (weekday 1 = Sunday, HH:MM:SS, strings for numbers)', async () => {
      const tag = uniqueTag();
      const path = `/client_interface/json/?switcher=GetSearchResults&tag=${tag}`;
      feeds.set(path, {
        body: {
          meetings: [
            {
              id_bigint: '2566',
              weekday_tinyint: '2',
              start_time: '19:00:00',
              duration_time: '01:30:00',
              time_zone: 'America/New_York',
              formats: 'O,RF',
              longitude: '-77.1205486',
              latitude: '42.9613734',
              meeting_name: `Step up and Be Free ${tag}`,
              location_text: 'Clifton Springs Hospital',
              location_info: 'Admin Conference Room',
              location_street: '128 Main street',
              location_municipality: 'Clifton Springs',
              location_province: 'NY',
              location_nation: 'US',
              virtual_meeting_link: '',
              phone_meeting_number: '',
            },
          ],
          formats: [],
        },
      });
      const source = await register({ name: 'BMLT', url: feeds.url(path), format: 'bmlt', fellowship: 'NA' });
      expect(await runNow(source)).toMatchObject({ status: 'imported', created: 1, rejected: 0 });
      const [row] = await meetingsOf(source.source);
      const meeting = await t.api.get<{ weekdays: number[]; startTime: string; durationMinutes: number; timezone: string; location: { lat: number } }>(`/meetings/${row.id}`);
      expect(meeting.body).toMatchObject({ weekdays: [1], startTime: '19:00', durationMinutes: 90, timezone: 'America/New_York' });
      expect(meeting.body.location.lat).toBeCloseTo(42.9613734, 6);
      expect(row.slug).toBe('2566');
    }, 30_000);

    it('should link an item another source already lists (same start, within 100 m, a similar name) instead of creating it', async () => {
      const tag = uniqueTag();
      const first = `/dup-a-${tag}.json`;
      const second = `/dup-b-${tag}.json`;
      feeds.set(first, { body: [mgItem(`x-${tag}`, `Step Up & Be Free ${tag}`, { latitude: 51.5, longitude: -0.12 })] });
      feeds.set(second, {
        body: [
          // the same meeting, about 50 m away, its name written differently
          mgItem(`y-${tag}`, `step up and be free ${tag}!`, { latitude: 51.50045, longitude: -0.12 }),
          // same place and time, another meeting
          mgItem(`z-${tag}`, `Women in Recovery ${tag}`, { latitude: 51.50045, longitude: -0.12 }),
          // same name and time, 2 km away
          mgItem(`w-${tag}`, `Step Up & Be Free ${tag}`, { latitude: 51.518, longitude: -0.12 }),
        ],
      });
      const a = await register({ name: 'Source A', url: feeds.url(first) });
      const b = await register({ name: 'Source B', url: feeds.url(second) });
      expect((await runNow(a)).created).toBe(1);
      const [existing] = await meetingsOf(a.source);

      const run = await runNow(b);
      expect(run).toMatchObject({ status: 'imported', created: 2, linked: 1 });
      expect(run.links).toEqual([{ slug: `y-${tag}`, meetingId: existing.id, linkedSource: a.source }]);
      expect((await meetingsOf(b.source)).map((m) => m.slug)).toEqual([`w-${tag}`, `z-${tag}`]);
      const links = await t.app.get(DataSource).query<{ duplicate_of: string }[]>(`SELECT duplicate_of FROM meeting_source_links WHERE source = $1`, [b.source]);
      expect(links).toEqual([{ duplicate_of: existing.id }]);

      // The next run keeps the link and still makes no second listing.
      feeds.set(second, { body: [mgItem(`y-${tag}`, `step up and be free ${tag}!`, { latitude: 51.50045, longitude: -0.12 })], etag: '"b2"' });
      expect(await runNow(b)).toMatchObject({ created: 0, linked: 1 });
      expect(await meetingsOf(b.source)).toHaveLength(2);
    }, 30_000);

    it('should link an online item to a lead’s meeting with the same conference link', async () => {
      const tag = uniqueTag();
      const own = await createMeeting(t.api, lead, group.id, {
        name: `Zoom Lunch Bunch ${tag}`,
        attendance: 'online',
        location: undefined,
        conference: { url: `https://zoom.us/j/${tag}` },
      });
      const path = `/online-${tag}.json`;
      feeds.set(path, {
        body: [
          {
            slug: `o-${tag}`,
            name: `Zoom Lunch Bunch ${tag}`,
            day: 1,
            time: '19:00',
            timezone: 'Europe/London',
            conference_url: `https://zoom.us/j/${tag}`,
            types: ['O'],
          },
        ],
      });
      const source = await register({ name: 'Online', url: feeds.url(path) });
      const run = await runNow(source);
      expect(run).toMatchObject({ created: 0, linked: 1, links: [{ slug: `o-${tag}`, meetingId: own.id, linkedSource: null }] });
    }, 30_000);

    it('should mark a run its worker abandoned as failed (the minute job), and leave recent ones alone', async () => {
      const source = await register({ name: 'Abandoned', url: feeds.url(`/abandoned-${uniqueTag()}.json`) });
      const db = t.app.get(DataSource);
      const insert = (hoursAgo: number): Promise<{ id: string }[]> =>
        db.query<{ id: string }[]>(
          `INSERT INTO meeting_source_runs (source_id, trigger, status, queued_at, started_at)
           VALUES ($1, 'schedule', 'running', now() - make_interval(hours => $2), now() - make_interval(hours => $2)) RETURNING id`,
          [source.id, hoursAgo],
        );
      const [old] = await insert(3);
      const [recent] = await insert(0);
      await t.app.get(MeetingSourcesService).queueDue();
      const runs = (await t.api.get<Run[]>(`/meeting-sources/${source.id}/runs`, { token: admin.accessToken })).body;
      expect(runs.find((r) => r.id === old.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/did not finish/) as unknown });
      expect(runs.find((r) => r.id === recent.id)).toMatchObject({ status: 'running', error: null });
    });

    it('should queue a run when the cadence comes round (the minute job), once', async () => {
      const tag = uniqueTag();
      const path = `/cadence-${tag}.json`;
      feeds.set(path, { body: [mgItem(`c-${tag}`, `Cadence ${tag}`)] });
      const source = await register({ name: 'On cadence', url: feeds.url(path), cadenceMinutes: 15 });
      const clock = t.app.get(Clock);
      try {
        clock.travel(16 * 60_000);
        const service = t.app.get(MeetingSourcesService);
        await Promise.all([service.queueDue(), service.queueDue()]);
        const run = await waitFor(async () => {
          const runs = (await t.api.get<Run[]>(`/meeting-sources/${source.id}/runs`, { token: admin.accessToken })).body;
          return runs.length > 0 && runs.every((r) => r.status === 'imported') ? runs : null;
        }, 15_000);
        expect(run).toHaveLength(1);
        expect(run[0]).toMatchObject({ trigger: 'schedule', created: 1 });
      } finally {
        clock.resume();
      }
    }, 30_000);
  });
});

describe('meeting sources: private addresses are refused by default', () => {
  let t: TestApp;
  let feeds: FakeFeedServer;
  let admin: TestMember;

  beforeAll(async () => {
    feeds = new FakeFeedServer();
    await feeds.start();
    t = await createTestApp({ env: { RUN_WORKER: 'true' } });
    admin = await registerMember(t.api);
    await makeAdmin(t, admin);
  });

  afterAll(async () => {
    await t.close();
    await feeds.stop();
  });

  it.each([
    ['an IP literal', '127.0.0.1'],
    ['a name that resolves to loopback', 'localhost'],
  ])('should not connect to %s and say why, without the URL', async (_label, host) => {
    const path = `/inside-${uniqueTag()}.json`;
    feeds.set(path, { body: [mgItem('inside', 'Inside')] });
    const created = await t.api.post<Source>(
      '/meeting-sources',
      { name: 'Inside', url: feeds.url(path, host), format: 'meeting-guide', cadenceMinutes: 60 },
      { token: admin.accessToken },
    );
    expect(created.status).toBe(201);
    const queued = await t.api.post<Run>(`/meeting-sources/${created.body.id}/run`, {}, { token: admin.accessToken });
    const run = await waitFor(async () => {
      const runs = (await t.api.get<Run[]>(`/meeting-sources/${created.body.id}/runs`, { token: admin.accessToken })).body;
      const r = runs.find((x) => x.id === queued.body.id);
      return r && r.status !== 'queued' && r.status !== 'running' ? r : null;
    }, 15_000);
    expect(run).toMatchObject({ status: 'failed', httpStatus: null, created: 0 });
    expect(run.error).toMatch(/refused: .*private, loopback or link-local/);
    expect(run.error).not.toContain(host);
    expect(feeds.requestsTo(path)).toHaveLength(0);
  }, 30_000);
});
