import { DataSource } from 'typeorm';
import {
  buildCircle,
  openInbox,
  raiseCraving,
  type CravingBody,
  type CravingCircle,
} from '../../factories/craving.factory';
import { createGroup, createMeeting, leadWithGroup, meetingInput } from '../../factories/meeting.factory';
import { registerMember, type TestMember } from '../../factories/member.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';
import { connectSocket } from '../../utils/socket-client';

/**
 * Bad input found by probing the running server (issue 9, defects 1, 2, 3 (email) and 5): every one of these
 * answered 500 before. Now: a 4xx naming the field, and an alert is never lost to its optional text.
 */
describe('bad input never answers 5xx and never loses an alert', () => {
  let t: TestApp;
  let circle: CravingCircle;
  const NUL = 'a\u0000b';

  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true });
    circle = await buildCircle(t.api);
  });

  afterAll(async () => {
    await t.close();
  });

  const expectFieldError = (res: { status: number; body: Record<string, unknown> }, field: string): void => {
    expect(res.status).toBe(400);
    const fields = res.body.fields as { field: string; messages: string[] }[] | undefined;
    expect(fields?.map((f) => f.field)).toContain(field);
    expect(String(res.body.message)).toContain(field);
  };

  describe('a NUL byte in an alert’s text', () => {
    afterEach(async () => {
      // Each test raises its own alert: resolve whatever is open so the next one is not a reuse.
      const open = await t.app
        .get(DataSource)
        .query<{ id: string }[]>(`SELECT id FROM cravings WHERE owner_id = $1 AND state <> 'resolved'`, [
          circle.owner.id,
        ]);
      for (const { id } of open) {
        await t.api.post(
          `/cravings/${id}/resolve`,
          { outcome: 'passed' },
          { token: circle.owner.accessToken },
        );
      }
    });

    it('should page the circle over HTTP and keep the note without the control characters', async () => {
      const inbox = await openInbox(t.baseUrl, circle.sponsor);
      try {
        const res = await raiseCraving(t.api, circle.owner, { intensity: 5, note: `a\u0000b\u0007c\td\ne` });
        expect(res.status).toBe(201);
        expect(res.body.note).toBe('abc\td\ne');
        const alert = await waitForAlert(inbox.alerts, res.body.id);
        expect(alert.from.id).toBe(circle.owner.id);
      } finally {
        inbox.socket.close();
      }
    });

    it('should page the circle over the socket with a NUL in the note', async () => {
      const inbox = await openInbox(t.baseUrl, circle.first);
      const owner = await connectSocket(t.baseUrl, circle.owner.accessToken);
      try {
        const reply = (await owner
          .timeout(5000)
          .emitWithAck('craving.create', { intensity: 6, note: NUL })) as CravingBody;
        expect(reply.id).toEqual(expect.any(String));
        expect(reply.note).toBe('ab');
        await waitForAlert(inbox.alerts, reply.id);
      } finally {
        owner.close();
        inbox.socket.close();
      }
    });

    it('should page the circle when the note is unusable (not text, too long, a lone surrogate)', async () => {
      const inbox = await openInbox(t.baseUrl, circle.sponsor);
      try {
        const notText = await raiseCraving(t.api, circle.owner, { intensity: 4, note: { nested: true } });
        expect(notText.status).toBe(201);
        expect(notText.body.note).toBeNull();
        await waitForAlert(inbox.alerts, notText.body.id);
        await t.api.post(
          `/cravings/${notText.body.id}/resolve`,
          { outcome: 'passed' },
          { token: circle.owner.accessToken },
        );

        const long = await raiseCraving(t.api, circle.owner, {
          intensity: 4,
          note: `x\ud800${'y'.repeat(5000)}`,
        });
        expect(long.status).toBe(201);
        expect(long.body.note).toHaveLength(1000);
        expect(long.body.note?.startsWith('x\ufffdy')).toBe(true);
        await waitForAlert(inbox.alerts, long.body.id);
      } finally {
        inbox.socket.close();
      }
    });

    it('should record an acknowledgement and a resolution whose text holds a NUL', async () => {
      const created = await raiseCraving(t.api, circle.owner, { intensity: 7 });
      expect(created.status).toBe(201);
      const ack = await t.api.post(
        `/cravings/${created.body.id}/acknowledge`,
        { message: `calling${NUL}` },
        {
          token: circle.sponsor.accessToken,
        },
      );
      expect(ack.status).toBe(200);
      const responder = await connectSocket(t.baseUrl, circle.first.accessToken);
      try {
        const reply = (await responder
          .timeout(5000)
          .emitWithAck('craving.acknowledge', {
            cravingId: created.body.id,
            message: `on my way\u0000`,
          })) as {
          id?: string;
          error?: unknown;
        };
        expect(reply.error).toBeUndefined();
        expect(reply.id).toBe(created.body.id);
      } finally {
        responder.close();
      }
      const owner = await t.api.get<CravingBody>(`/cravings/${created.body.id}`, {
        token: circle.owner.accessToken,
      });
      const messages = owner.body.recipients.map((r) => r.message).filter(Boolean);
      expect(messages.sort()).toEqual(['callingab', 'on my way'].sort());

      const resolved = await t.api.post<CravingBody>(
        `/cravings/${created.body.id}/resolve`,
        { outcome: 'passed', note: NUL },
        {
          token: circle.owner.accessToken,
        },
      );
      expect(resolved.status).toBe(200);
      expect(resolved.body.state).toBe('resolved');
    });
  });

  describe('a NUL byte in any other text', () => {
    let member: TestMember;
    let lead: TestMember;
    let groupId: string;
    let meetingId: string;

    beforeAll(async () => {
      member = await registerMember(t.api);
      const led = await leadWithGroup(t.api);
      lead = led.lead;
      groupId = led.group.id;
      meetingId = (await createMeeting(t.api, lead, groupId)).id;
    });

    it('should refuse it in the profile and the sponsor profile, naming the field', async () => {
      expectFieldError(
        await t.api.patch('/me', { displayName: NUL }, { token: member.accessToken }),
        'displayName',
      );
      const profile = { available: true, maxSponsees: 2, fellowships: ['NA'] };
      expectFieldError(
        await t.api.put('/me/sponsor-profile', { ...profile, bio: NUL }, { token: member.accessToken }),
        'bio',
      );
      expectFieldError(
        await t.api.put('/me/sponsor-profile', { ...profile, region: NUL }, { token: member.accessToken }),
        'region',
      );
      const me = await t.api.get('/me', { token: member.accessToken });
      expect(me.body.displayName).toBe(member.displayName);
    });

    it('should refuse it in groups, meetings, exceptions and imports, naming the field', async () => {
      const token = { token: lead.accessToken };
      expectFieldError(await t.api.post('/groups', { name: NUL, fellowship: 'NA' }, token), 'name');
      expectFieldError(await t.api.patch(`/groups/${groupId}`, { description: NUL }, token), 'description');
      expectFieldError(
        await t.api.post(`/groups/${groupId}/meetings`, meetingInput({ name: NUL }), token),
        'name',
      );
      expectFieldError(
        await t.api.post(`/groups/${groupId}/meetings`, meetingInput({ notes: NUL }), token),
        'notes',
      );
      expectFieldError(
        await t.api.post(
          `/groups/${groupId}/meetings`,
          meetingInput({
            location: { name: NUL, formattedAddress: '1 Example Street, London', lat: 51.5, lng: -0.12 },
          }),
          token,
        ),
        'location.name',
      );
      expectFieldError(
        await t.api.patch(
          `/meetings/${meetingId}`,
          { location: { formattedAddress: NUL, lat: 51.5, lng: -0.12 } },
          token,
        ),
        'location.formattedAddress',
      );
      expectFieldError(
        await t.api.post(
          `/meetings/${meetingId}/exceptions`,
          { date: '2030-01-07', kind: 'cancel', note: NUL },
          token,
        ),
        'note',
      );
      const feedItem = { name: 'Imported', slug: NUL, day: 1, time: '19:00', timezone: 'Europe/London' };
      expectFieldError(
        await t.api.post(
          '/imports/meeting-guide',
          { source: 'https://example.org/feed', groupId, meetings: [feedItem] },
          token,
        ),
        'meetings[0].slug',
      );
    });

    it('should refuse it in search text, naming the parameter', async () => {
      expectFieldError(await t.api.get(`/meetings?q=${encodeURIComponent(NUL)}`), 'q');
      expectFieldError(
        await t.api.get(`/sponsors?region=${encodeURIComponent(NUL)}`, { token: member.accessToken }),
        'region',
      );
      const group = await createGroup(t.api, lead);
      expect(group.id).toEqual(expect.any(String));
    });
  });

  describe('deep nesting', () => {
    const deepArray = '['.repeat(2000) + ']'.repeat(2000);
    const deepObject = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);

    it('should answer 400 on unauthenticated and authenticated routes, without a stack in the log', async () => {
      for (const raw of [deepArray, deepObject, `{"email":${deepArray},"password":"x"}`]) {
        for (const path of ['/auth/register', '/auth/login', '/auth/refresh']) {
          const res = await t.api.request('POST', path, undefined, { rawBody: raw });
          expect(res.status).toBe(400);
          expect(String(res.body.message)).toMatch(/nest/i);
        }
        const craving = await t.api.request('POST', '/cravings', undefined, {
          rawBody: raw,
          token: circle.stranger.accessToken,
        });
        expect(craving.status).toBe(400);
      }
      const socket = await connectSocket(t.baseUrl, circle.stranger.accessToken);
      try {
        const reply = (await socket.timeout(5000).emitWithAck('craving.create', JSON.parse(deepObject) as { intensity: number })) as {
          error?: { statusCode: number };
        };
        expect(reply.error?.statusCode).toBe(400);
      } finally {
        socket.close();
      }
      expect(t.logs()).not.toContain('Maximum call stack size exceeded');
    });

    it('should still accept ordinary nesting (a meeting with a location)', async () => {
      const { lead, group } = await leadWithGroup(t.api);
      const meeting = await createMeeting(t.api, lead, group.id);
      expect(meeting.location?.formattedAddress).toContain('London');
    });
  });

  describe('text that is not valid Unicode', () => {
    it('should answer 400 naming email for a lone surrogate on register and login', async () => {
      const register = await t.api.request('POST', '/auth/register', undefined, {
        rawBody: '{"email":"\\ud800@x.test","password":"a-long-password-1","displayName":"Lone"}',
      });
      expectFieldError(register, 'email');
      const login = await t.api.request('POST', '/auth/login', undefined, {
        rawBody: '{"email":"\\ud800@x.test","password":"a-long-password-1"}',
      });
      expect(login.status).toBe(400);
      expect(String(login.body.message)).toContain('email');
    });
  });

  describe('database errors', () => {
    it('should answer 503 when the alert path’s statement fails with a serialization failure, and log only the SQLSTATE', async () => {
      const db = t.app.get(DataSource);
      // A real PostgreSQL error with a real SQLSTATE, raised by the server on the hot path's insert.
      await db.query(`
        CREATE FUNCTION hg_test_busy() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'secret-detail-%', NEW.note USING ERRCODE = '40001'; END $$`);
      await db.query(
        `CREATE TRIGGER hg_test_busy BEFORE INSERT ON cravings FOR EACH ROW EXECUTE FUNCTION hg_test_busy()`,
      );
      try {
        const res = await raiseCraving(t.api, circle.stranger, { intensity: 3, note: 'private words' });
        expect(res.status).toBe(503);
        expect(JSON.stringify(res.body)).not.toMatch(/secret-detail|private words|cravings|40001/);
        const socket = await connectSocket(t.baseUrl, circle.stranger.accessToken);
        try {
          const reply = (await socket
            .timeout(5000)
            .emitWithAck('craving.create', { intensity: 3, note: 'private words' })) as {
            error?: { statusCode: number; message: string };
          };
          expect(reply.error?.statusCode).toBe(503);
          expect(reply.error?.message).not.toMatch(/secret-detail|private words/);
        } finally {
          socket.close();
        }
      } finally {
        await db.query('DROP TRIGGER hg_test_busy ON cravings');
        await db.query('DROP FUNCTION hg_test_busy()');
      }
      const logs = t.logs();
      expect(logs).toContain('40001');
      expect(logs).not.toContain('secret-detail');
      expect(logs).not.toContain('private words');
    });

    it('should log an unexpected socket error by its SQLSTATE and answer 500 without details', async () => {
      const db = t.app.get(DataSource);
      await db.query(`
        CREATE FUNCTION hg_test_broken() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'secret-broken-%', NEW.note USING ERRCODE = 'XX000'; END $$`);
      await db.query(
        `CREATE TRIGGER hg_test_broken BEFORE INSERT ON cravings FOR EACH ROW EXECUTE FUNCTION hg_test_broken()`,
      );
      const socket = await connectSocket(t.baseUrl, circle.stranger.accessToken);
      try {
        const reply = (await socket
          .timeout(5000)
          .emitWithAck('craving.create', { intensity: 3, note: 'hidden words' })) as {
          error?: { statusCode: number; message: string };
        };
        expect(reply.error?.statusCode).toBe(500);
        expect(JSON.stringify(reply)).not.toMatch(/secret-broken|hidden words|XX000/);
      } finally {
        socket.close();
        await db.query('DROP TRIGGER hg_test_broken ON cravings');
        await db.query('DROP FUNCTION hg_test_broken()');
      }
      const logs = t.logs();
      expect(logs).toContain('XX000');
      expect(logs).not.toContain('secret-broken');
      expect(logs).not.toContain('hidden words');
    });
  });
});

async function waitForAlert<T extends { cravingId: string }>(
  alerts: T[],
  cravingId: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = alerts.find((a) => a.cravingId === cravingId);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no craving.alert for ${cravingId} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
