import { Clock } from '@homegroup/operations';
import { createMeeting, leadWithGroup, uniqueTag } from '../../factories/meeting.factory';
import { registerMember } from '../../factories/member.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';

type Bmlt = Record<string, string>;
type Change = Record<string, unknown> & { json_data: { before?: Bmlt; after?: Bmlt } };

const DAY = 86_400_000;

/**
 * What BMLT clients see of a listing's verification state and of the change log's values (ADR 0041, ADR 0042):
 * `unverified` against the app's Clock, `reported` after enough members reported it, and GetChanges' before/after
 * without the member who made the change.
 */
describe('BMLT Semantic API: listing state and change values', () => {
  let t: TestApp;
  const clock = (): Clock => t.app.get(Clock);
  const search = async (query: string): Promise<Bmlt[]> => {
    const res = await t.api.get<Bmlt[]>(`/client_interface/json?switcher=GetSearchResults&${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterEach(() => {
    clock().resume();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should send unverified "1" once a listing is past its group cadence (app clock), in json, data_field_key, GetFieldValues and tsml', async () => {
    const start = new Date('2026-03-02T12:00:00Z');
    clock().freeze(start);
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const cadence = await t.api.patch(
      `/groups/${group.id}`,
      { verificationCadenceDays: 30 },
      { token: lead.accessToken },
    );
    expect(cadence.status).toBe(200);
    await createMeeting(t.api, lead, group.id, { name: `Overdue ${tag}`, startsOn: '2026-03-02' });

    clock().freeze(new Date(start.getTime() + 29 * DAY));
    const [fresh] = await search(`SearchString=overdue%20${tag}`);
    expect([fresh.unverified, fresh.reported]).toEqual(['0', '0']);
    const freshTsml = (
      await t.api.get<Record<string, unknown>[]>(
        `/client_interface/tsml?switcher=GetSearchResults&SearchString=overdue%20${tag}`,
      )
    ).body;
    expect(freshTsml).toHaveLength(1);
    expect('unverified' in freshTsml[0]).toBe(false);

    clock().freeze(new Date(start.getTime() + 31 * DAY));
    const [overdue] = await search(`SearchString=overdue%20${tag}`);
    expect([overdue.unverified, overdue.reported]).toEqual(['1', '0']);
    expect(
      await search(`SearchString=overdue%20${tag}&data_field_key=meeting_name,unverified,reported`),
    ).toEqual([{ meeting_name: `Overdue ${tag}`, unverified: '1', reported: '0' }]);
    expect(await search(`SearchString=overdue%20${tag}&meeting_key=unverified&meeting_key_value=0`)).toEqual(
      [],
    );
    const values = (
      await t.api.get<Bmlt[]>('/client_interface/json?switcher=GetFieldValues&meeting_key=unverified')
    ).body;
    expect(values.find((v) => v.unverified === '1')?.ids.split(',')).toEqual([overdue.id_bigint]);
    const tsml = (
      await t.api.get<Record<string, unknown>[]>(
        `/client_interface/tsml?switcher=GetSearchResults&SearchString=overdue%20${tag}`,
      )
    ).body;
    expect(tsml[0].unverified).toBe(true);

    const keys = (await t.api.get<Bmlt[]>('/client_interface/json?switcher=GetFieldKeys')).body;
    for (const key of ['unverified', 'reported']) {
      expect(keys.find((k) => k.key === key)?.description).toMatch(/"1"/);
    }
  });

  it('should send reported "1" once three members reported the listing', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id, { name: `Reported ${tag}` });
    const members = await Promise.all([registerMember(t.api), registerMember(t.api), registerMember(t.api)]);
    for (const [i, member] of members.entries()) {
      expect((await search(`SearchString=reported%20${tag}`))[0].reported).toBe('0');
      const res = await t.api.post<{ listingReported: boolean }>(
        `/meetings/${meeting.id}/reports`,
        { reason: 'nobody_there' },
        { token: member.accessToken },
      );
      expect(res.status).toBe(201);
      expect(res.body.listingReported).toBe(i === 2);
    }
    const [listing] = await search(`SearchString=reported%20${tag}`);
    expect([listing.reported, listing.unverified]).toEqual(['1', '0']);
  });

  it("should give GetChanges' json_data the before and after of a lead's edit, never naming the lead", async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api, { name: `Changes ${tag}` });
    const meeting = await createMeeting(t.api, lead, group.id, {
      name: `Changed ${tag}`,
      startTime: '19:00',
      durationMinutes: 60,
    });
    const patched = await t.api.patch(
      `/meetings/${meeting.id}`,
      { startTime: '19:30', notes: 'Side door' },
      { token: lead.accessToken },
    );
    expect(patched.status).toBe(200);
    const [listing] = await search(`SearchString=changed%20${tag}`);
    const res = await t.api.get<Change[]>(
      `/client_interface/json?switcher=GetChanges&meeting_id=${listing.id_bigint}`,
    );
    expect(res.status).toBe(200);
    const [update, create] = res.body;
    expect(res.body).toHaveLength(2);
    expect(update).toMatchObject({
      change_type: 'comdef_change_type_change',
      meeting_id: listing.id_bigint,
      meeting_name: `Changed ${tag}`,
      meeting_exists: '1',
      user_id: '',
      user_name: 'Group lead',
      json_data: {
        before: { start_time: '19:00:00', comments: '' },
        after: { start_time: '19:30:00', comments: 'Side door' },
      },
    });
    expect(Object.keys(update.json_data.before!).sort()).toEqual(['comments', 'start_time']);
    expect(create).toMatchObject({ change_type: 'comdef_change_type_new', json_data: {} });
    const text = JSON.stringify(res.body);
    for (const secret of [lead.id, lead.email, lead.displayName]) expect(text).not.toContain(secret);
  });
});
