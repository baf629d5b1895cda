import { linkContacts } from '../../factories/contact.factory';
import { leadWithGroup } from '../../factories/meeting.factory';
import { registerMember, type TestMember } from '../../factories/member.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';

type Schema = { type?: string | string[]; anyOf?: Schema[]; enum?: unknown[] };
type OpenApi = { components: { schemas: Record<string, { properties: Record<string, Schema> }> } };

const acceptsNull = (schema: Schema): boolean =>
  (Array.isArray(schema.type) && schema.type.includes('null')) ||
  schema.type === 'null' ||
  (schema.anyOf ?? []).some(acceptsNull);

/**
 * Issue 9, defect 3: an explicit `null` on an optional field that cannot be null answered 500 (it went past
 * @IsOptional into the service). Now it is a 400 naming the field; a field whose null means something accepts
 * it, and the document says so (ADR 0021).
 */
describe('explicit null on optional fields', () => {
  let t: TestApp;
  let member: TestMember;
  let lead: TestMember;
  let groupId: string;
  let contactId: string;

  beforeAll(async () => {
    t = await createTestApp();
    member = await registerMember(t.api);
    const other = await registerMember(t.api);
    contactId = (await linkContacts(t.api, member, other)).memberContactId;
    const led = await leadWithGroup(t.api);
    lead = led.lead;
    groupId = led.group.id;
  });

  afterAll(async () => {
    await t.close();
  });

  const expectNullRefused = (res: { status: number; body: Record<string, unknown> }, field: string): void => {
    expect({ status: res.status, fields: (res.body.fields as { field: string }[] | undefined)?.map((f) => f.field) }).toEqual({
      status: 400,
      fields: [field],
    });
    expect(String(res.body.message)).toContain(field);
  };

  it.each(['displayName', 'timezone', 'fellowships', 'sponsorGenderPreference', 'languages'])(
    'should refuse PATCH /me {"%s": null} with 400 naming the field',
    async (field) => {
      expectNullRefused(await t.api.patch('/me', { [field]: null }, { token: member.accessToken }), field);
    },
  );

  it.each([
    'firstResponderIds',
    'nextContactsAfterSeconds',
    'everyoneAfterSeconds',
    'nobodyAnsweredAfterSeconds',
    'sponsorBreakthrough',
    'overdoseRiskCard',
  ])('should refuse PUT /me/escalation-policy {"%s": null} with 400 naming the field', async (field) => {
    expectNullRefused(await t.api.put('/me/escalation-policy', { [field]: null }, { token: member.accessToken }), field);
  });

  it.each(['name', 'published', 'fellowship'])('should refuse PATCH /groups/:id {"%s": null} with 400 naming the field', async (field) => {
    expectNullRefused(await t.api.patch(`/groups/${groupId}`, { [field]: null }, { token: lead.accessToken }), field);
  });

  it.each(['acceptsAlerts', 'sharePhone', 'availability'])(
    'should refuse PATCH /phone-list/:contactId {"%s": null} with 400 naming the field',
    async (field) => {
      expectNullRefused(await t.api.patch(`/phone-list/${contactId}`, { [field]: null }, { token: member.accessToken }), field);
    },
  );

  it('should refuse availability windows that are not objects ([[]], [null], ["x"]) with 400 naming the field', async () => {
    for (const availability of [[[]], [null], ['x']]) {
      const res = await t.api.patch(`/phone-list/${contactId}`, { availability }, { token: member.accessToken });
      expect({ availability, status: res.status }).toEqual({ availability, status: 400 });
      expect(String(res.body.message)).toContain('availability');
    }
  });

  it('should leave the profile as it was after the refused nulls', async () => {
    const me = await t.api.get<{ displayName: string; timezone: string }>('/me', { token: member.accessToken });
    expect(me.body.displayName).toBe(member.displayName);
    expect(typeof me.body.timezone).toBe('string');
  });

  it('should accept null where it clears a value (country, phone, cleanDate, gender) and document those as nullable', async () => {
    const set = await t.api.patch(
      '/me',
      { country: 'GB', phone: '+14155550123', cleanDate: '2024-01-02', gender: 'woman' },
      { token: member.accessToken },
    );
    expect(set.status).toBe(200);
    const cleared = await t.api.patch(
      '/me',
      { country: null, phone: null, cleanDate: null, gender: null },
      { token: member.accessToken },
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ country: null, phone: null, cleanDate: null, gender: null });

    const document = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as OpenApi;
    const update = document.components.schemas.UpdateProfileDto.properties;
    expect(['country', 'phone', 'cleanDate', 'gender'].filter((f) => !acceptsNull(update[f]))).toEqual([]);
    expect(['displayName', 'timezone', 'fellowships', 'sponsorGenderPreference'].filter((f) => acceptsNull(update[f]))).toEqual([]);
  });
});
