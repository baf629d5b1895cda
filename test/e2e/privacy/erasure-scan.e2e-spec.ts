import { randomBytes } from 'node:crypto';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { QUEUES } from '@homegroup/contracts';
import { JOBS_SCHEMA } from '@homegroup/jobs';
import { linkContacts, setContactSettings } from '../../factories/contact.factory';
import { openInbox, type AlertInbox } from '../../factories/craving.factory';
import { createGroup, createMeeting } from '../../factories/meeting.factory';
import { registerMember, type TestMember } from '../../factories/member.factory';
import {
  activeSponsorship,
  putSponsorProfile,
  requestSponsorship,
  updateMemberProfile,
} from '../../factories/sponsorship.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';
import { describeHits, scanDatabase } from '../../utils/database-scan';
import { createBrowserSubscription } from '../../utils/fake-push-service';

/**
 * Issue 11, item 5: erasure leaves nothing, and the export holds everything of the member and nothing of anyone
 * else (ADR 0038). One "rich" member, Erin, built through the real API with one of everything and related to others
 * in every way the app knows; the export is read first, then `DELETE /me`, then every table of the database (the
 * app's and pg-boss's) is searched for anything of hers.
 */
describe('Erasure and export of a member with one of everything (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    w = await buildWorld(t);
  }, 120_000);

  afterAll(async () => {
    w?.inbox.socket.close();
    await t.close();
  });

  it('should export every section of the member, filled, and nothing of anyone else', async () => {
    const res = await t.api.get<Record<string, unknown>>('/me/export', { token: w.erin.accessToken });
    expect(res.status).toBe(200);
    const ex = res.body as Export;
    const text = JSON.stringify(ex);

    // Every section is there and holds something for a member who has one of everything.
    const sections = Object.keys(ex)
      .filter((k) => !['exportedAt', 'userId'].includes(k))
      .sort();
    expect(sections).toEqual(
      [
        'account',
        'blocks',
        'contactInvites',
        'contacts',
        'cravingResponses',
        'cravings',
        'escalationPolicy',
        'meetingGroups',
        'meetingPhoneLists',
        'notificationPreferences',
        'outsideContacts',
        'practiceCalls',
        'practiceSettings',
        'pushSubscriptions',
        'sessions',
        'sponsorProfile',
        'sponsorships',
      ].sort(),
    );
    const empty = sections.filter((s) => isEmpty(ex[s]));
    expect(empty).toEqual([]);

    // Hers, in full.
    expect(ex.userId).toBe(w.erin.id);
    expect(ex.account).toMatchObject({
      id: w.erin.id,
      email: w.erin.email,
      displayName: w.erin.displayName,
      phone: w.m.phone,
      cleanDate: w.m.cleanDate,
      copingList: [w.m.copingItem],
    });
    expect(ex.sessions).toHaveLength(2);
    expect(ex.sponsorProfile).toMatchObject({ bio: w.m.bio });
    const roles = ex.sponsorships.map((s) => `${s.role}:${s.status}`).sort();
    expect(roles).toEqual(['sponsee:active', 'sponsee:requested', 'sponsor:active']);
    expect(ex.contacts.map((c) => c.otherMemberId)).toEqual([w.cole.id]);
    expect(ex.contactInvites.length).toBeGreaterThanOrEqual(1);
    expect(ex.practiceCalls.map((c) => c.note).sort()).toEqual([w.m.practiceNote, null].sort());
    // Her contact without the app (ADR 0045), decrypted, and her practice call to them.
    expect(ex.outsideContacts).toEqual([
      expect.objectContaining({ name: w.m.outsideName, phone: w.m.outsidePhone, notes: w.m.outsideNotes }),
    ]);
    expect(ex.practiceCalls.filter((c) => c.outsideContactId !== null)).toHaveLength(1);
    expect(ex.practiceSettings).toMatchObject({ dailyGoal: 2, reminderTime: '18:30' });
    expect(ex.cravings.map((c) => c.note).sort()).toEqual([w.m.openNote, w.m.resolvedNote].sort());
    expect(ex.cravings.find((c) => c.id === w.ids.erinResolved)).toMatchObject({
      outcomeNote: w.m.resolveNote,
    });
    expect(ex.cravingResponses.map((r) => r.message).sort()).toEqual([w.m.ackOpen, w.m.ackResolved].sort());
    expect(ex.escalationPolicy).toMatchObject({ firstResponderIds: [w.cole.id] });
    expect(ex.notificationPreferences).toMatchObject({ showCravingDetails: true });
    expect(ex.pushSubscriptions).toEqual([expect.objectContaining({ endpoint: w.m.pushEndpoint })]);
    expect(ex.blocks.map((b) => b.blockedId)).toEqual([w.blockedByErin.id]);
    expect(ex.meetingGroups.groupsLed.map((g) => g.id).sort()).toEqual(
      [w.ids.erinGroup, w.ids.leoGroup].sort(),
    );
    expect(ex.meetingGroups.changesMade.length).toBeGreaterThan(0);
    expect(ex.meetingPhoneLists.phoneLists.map((l) => l.meetingId)).toEqual([w.ids.leoMeeting]);
    expect(ex.meetingPhoneLists.contactRequests).toEqual([
      expect.objectContaining({ direction: 'received', otherMemberId: w.quinn.id }),
    ]);
    // Decided (ADR 0038): what others wrote TO her on her own alerts is hers to take (she sees it in the app).
    expect(text).toContain(w.m.answersToErin[0]);
    expect(text).toContain(w.m.answersToErin[1]);

    // Not hers: secrets of her own account that are credentials, not data (password hash, push keys, token hashes).
    const secrets = { p256dh: w.m.pushKeys.p256dh, auth: w.m.pushKeys.auth };
    expect(
      Object.entries(secrets)
        .filter(([, v]) => text.includes(v))
        .map(([k]) => k),
    ).toEqual([]);
    expect(text).not.toMatch(/passwordHash|password_hash|secretHash|secret_hash|\$argon2/);

    // Nothing of anyone else: their emails, phones, clean dates, notes, bios, messages to others, push endpoints
    // and keys, coping lists, and who blocked her (a block is never revealed).
    const leaks = Object.entries(w.others).filter(([, v]) => text.toLowerCase().includes(v.toLowerCase()));
    expect(leaks.map(([k]) => k)).toEqual([]);
    // Control: those values are really stored (the scan finds each one that is stored as text as it was typed).
    const found = await scanDatabase(db, w.others);
    const inDatabase = new Set(found.hits.map((h) => h.marker));
    expect(Object.keys(w.others).filter((k) => !inDatabase.has(k) && !w.othersNotScannable.has(k))).toEqual(
      [],
    );
  });

  it('should leave nothing of her in any table after DELETE /me, and leave others’ data working', async () => {
    // The stored forms of her sensitive texts (plaintext today; ciphertext once they are encrypted at rest).
    const stored = await storedForms(db, w);
    const markers = { ...w.erinMarkers, ...stored };

    // Control: before the erasure the scan finds her: every stable marker and every stored form, in the app's
    // tables and in pg-boss's (her alerts' pending, completed and archived jobs).
    const before = await scanDatabase(db, markers);
    expect(before.tables).toEqual(
      expect.arrayContaining([`${JOBS_SCHEMA}.job`, `${JOBS_SCHEMA}.archive`, 'public.users']),
    );
    const seen = new Set(before.hits.map((h) => h.marker));
    const mustSee = [...Object.keys(w.erinStableMarkers), ...Object.keys(stored)];
    expect(mustSee.filter((k) => !seen.has(k))).toEqual([]);
    const jobHits = before.hits.filter((h) => h.table.startsWith(`${JOBS_SCHEMA}.`) && h.column === 'data');
    expect(jobHits.map((h) => h.table)).toEqual(
      expect.arrayContaining([`${JOBS_SCHEMA}.job`, `${JOBS_SCHEMA}.archive`]),
    );
    expect(await jobStates(db, w.erinCravingIds)).toEqual(
      expect.arrayContaining(['created', 'completed', 'archived']),
    );

    const socketClosed = new Promise<string>((resolve) =>
      w.inbox.socket.once('disconnect', (reason) => resolve(reason)),
    );
    expect((await t.api.delete('/me', { token: w.erin.accessToken })).status).toBe(204);

    // Nothing of her anywhere.
    const after = await scanDatabase(db, markers);
    expect(describeHits(after.hits)).toEqual([]);
    expect(after.columns).toBe(before.columns);

    // Her sockets are closed and her tokens stop working.
    await expect(socketClosed).resolves.toBe('io server disconnect');
    expect((await t.api.get('/me', { token: w.erin.accessToken })).status).toBe(401);
    expect((await t.api.post('/auth/refresh', { refreshToken: w.erin.refreshToken })).status).toBe(401);

    // Others' views: Cole's open alert that only she had answered is unanswered again and escalates on.
    const coleOpen = await t.api.get<{ state: string; recipients: { user: { id: string } }[] }>(
      `/cravings/${w.ids.coleOpen}`,
      { token: w.cole.accessToken },
    );
    expect(coleOpen.status).toBe(200);
    expect(coleOpen.body.state).toBe('triggered');
    expect(coleOpen.body.recipients.map((r) => r.user.id)).not.toContain(w.erin.id);
    const pendingSteps = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND data->>'cravingId' = $2 AND state = 'created'`,
      [QUEUES.cravingEscalation, w.ids.coleOpen],
    );
    expect(pendingSteps[0].n).toBeGreaterThan(0);
    // His resolved alert keeps Fay's answer and loses Erin's.
    const coleResolved = await t.api.get<{ recipients: { user: { id: string }; message?: string }[] }>(
      `/cravings/${w.ids.coleResolved}`,
      { token: w.cole.accessToken },
    );
    expect(coleResolved.body.recipients.map((r) => r.user.id)).toEqual([w.fay.id]);
    // His first responders: Fay only.
    const policy = await t.api.get<{ firstResponderIds: string[] }>('/me/escalation-policy', {
      token: w.cole.accessToken,
    });
    expect(policy.body.firstResponderIds).toEqual([w.fay.id]);
    // His phone list no longer holds her; his practice call to her (his note) stays, without her.
    const coleList = await t.api.get<{ user: { id: string } }[]>('/phone-list', {
      token: w.cole.accessToken,
    });
    expect(coleList.body.map((c) => c.user.id)).toEqual([w.fay.id]);
    const coleCalls = await t.api.get<{ items: { note?: string | null }[] }>('/practice-calls', {
      token: w.cole.accessToken,
    });
    expect(coleCalls.body.items.map((c) => c.note)).toEqual([w.others.colePracticeNote]);

    // Sponsorships ended with her: gone from both sides, and her sponsor's capacity is given back.
    for (const m of [w.sam, w.pat, w.sue]) {
      const list = await t.api.get<{ items?: unknown[] } | unknown[]>('/sponsorships', {
        token: m.accessToken,
      });
      expect(JSON.stringify(list.body)).not.toContain(w.erin.id);
    }
    const samProfile = await t.api.get<{ activeSponsees: number }>('/me/sponsor-profile', {
      token: w.sam.accessToken,
    });
    expect(samProfile.body.activeSponsees).toBe(0);

    // The group she alone led keeps its listing (the group's, not hers) and has no lead; Leo's group keeps Leo only.
    const group = await t.api.get<{ id: string; name: string }>(`/groups/${w.ids.erinGroup}`);
    expect(group.status).toBe(200);
    const meetings = await t.api.get<{ id: string }[]>(`/groups/${w.ids.erinGroup}/meetings`);
    expect(meetings.body.map((m) => m.id)).toEqual([w.ids.erinMeeting]);
    const leads = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM group_leads WHERE group_id = $1',
      [w.ids.erinGroup],
    );
    expect(leads[0].n).toBe(0);
    const leoLeads = await t.api.get<{ user: { id: string } }[]>(`/groups/${w.ids.leoGroup}/leads`, {
      token: w.leo.accessToken,
    });
    expect(leoLeads.body.map((l) => l.user.id)).toEqual([w.leo.id]);
    // Its change log keeps that Leo added a lead, without naming her.
    const leoChanges = await t.api.get<{ action: string; fields: string[] }[]>(
      `/groups/${w.ids.leoGroup}/changes`,
      {
        token: w.leo.accessToken,
      },
    );
    expect(leoChanges.body.filter((c) => c.action === 'lead.add').map((c) => c.fields)).toEqual([
      ['erased-member'],
    ]);
    // The meeting's phone list lost her and Quinn's request to her.
    const list = await t.api.get<{ user: { id: string } }[]>(`/meetings/${w.ids.leoMeeting}/phone-list`, {
      token: w.quinn.accessToken,
    });
    expect(list.body.map((e) => e.user.id)).toEqual([w.quinn.id]);
  });

  it('should erase all or nothing: when the last step fails, every listener’s change is rolled back', async () => {
    const as = (member: TestMember) => ({ token: member.accessToken });
    const [erin, cole] = await Promise.all([registerMember(t.api), registerMember(t.api)]);
    const pair = await linkContacts(t.api, erin, cole);
    await setContactSettings(t.api, erin, pair.memberContactId, { acceptsAlerts: true });
    await setContactSettings(t.api, cole, pair.contactContactId, { acceptsAlerts: true });
    await must('policy', t.api.put('/me/escalation-policy', { firstResponderIds: [erin.id] }, as(cole)));
    const coleAlert = (
      await must<{ id: string }>('craving', t.api.post('/cravings', { intensity: 5 }, as(cole)))
    ).id;
    await must('ack', t.api.post(`/cravings/${coleAlert}/acknowledge`, { message: 'calling you' }, as(erin)));
    const erinAlert = (
      await must<{ id: string }>('craving', t.api.post('/cravings', { intensity: 5 }, as(erin)))
    ).id;
    const jobsOf = async (id: string): Promise<number> =>
      (
        await db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE data->>'cravingId' = $1`,
          [id],
        )
      )[0].n;
    const erinJobs = await jobsOf(erinAlert);
    expect(erinJobs).toBeGreaterThan(0);

    // The row's own delete fails (as a deadlock would) after every listener has done its part: a 503, nothing done.
    await db.query(`
      CREATE FUNCTION hg_test_erasure_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'erasure failed' USING ERRCODE = '40P01'; END $$`);
    await db.query(
      `CREATE TRIGGER hg_test_erasure_fails BEFORE DELETE ON users FOR EACH ROW EXECUTE FUNCTION hg_test_erasure_fails()`,
    );
    try {
      expect((await t.api.delete('/me', as(erin))).status).toBe(503);
    } finally {
      await db.query('DROP TRIGGER hg_test_erasure_fails ON users');
      await db.query('DROP FUNCTION hg_test_erasure_fails()');
    }
    expect((await t.api.get('/me', as(erin))).status).toBe(200);
    expect(await jobsOf(erinAlert)).toBe(erinJobs);
    const kept = await t.api.get<{ state: string }>(`/cravings/${coleAlert}`, as(cole));
    expect(kept.body.state).toBe('acknowledged');
    const policy = await t.api.get<{ firstResponderIds: string[] }>('/me/escalation-policy', as(cole));
    expect(policy.body.firstResponderIds).toEqual([erin.id]);

    // Without the failure the same erasure goes through, with every effect.
    expect((await t.api.delete('/me', as(erin))).status).toBe(204);
    expect(await jobsOf(erinAlert)).toBe(0);
    expect((await t.api.get<{ state: string }>(`/cravings/${coleAlert}`, as(cole))).body.state).toBe(
      'triggered',
    );
    expect(
      (await t.api.get<{ firstResponderIds: string[] }>('/me/escalation-policy', as(cole))).body
        .firstResponderIds,
    ).toEqual([]);
  });
});

// --- the world -------------------------------------------------------------------------------------------------

type Row = Record<string, unknown>;
type Export = Record<string, unknown> & {
  userId: string;
  account: Row;
  sessions: Row[];
  sponsorProfile: Row;
  sponsorships: { role: string; status: string }[];
  contacts: { otherMemberId: string }[];
  contactInvites: Row[];
  practiceCalls: { note: string | null; outsideContactId: string | null }[];
  practiceSettings: Row;
  outsideContacts: Row[];
  cravings: { id: string; note: string | null }[];
  cravingResponses: { message: string | null }[];
  escalationPolicy: Row;
  notificationPreferences: Row;
  pushSubscriptions: Row[];
  blocks: { blockedId: string }[];
  meetingGroups: { groupsLed: { id: string }[]; changesMade: Row[] };
  meetingPhoneLists: { phoneLists: { meetingId: string }[]; contactRequests: Row[] };
};

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.values(v as Row).every(isEmpty));

type World = {
  erin: TestMember;
  sam: TestMember;
  sue: TestMember;
  pat: TestMember;
  cole: TestMember;
  fay: TestMember;
  leo: TestMember;
  quinn: TestMember;
  blockedByErin: TestMember;
  blocksErin: TestMember;
  inbox: AlertInbox;
  m: {
    phone: string;
    cleanDate: string;
    copingItem: string;
    bio: string;
    openNote: string;
    resolvedNote: string;
    resolveNote: string;
    ackOpen: string;
    ackResolved: string;
    practiceNote: string;
    outsideName: string;
    outsidePhone: string;
    outsideNotes: string;
    pushEndpoint: string;
    pushKeys: { p256dh: string; auth: string };
    answersToErin: [string, string];
  };
  ids: {
    erinOpen: string;
    erinResolved: string;
    coleOpen: string;
    coleResolved: string;
    erinGroup: string;
    erinMeeting: string;
    leoGroup: string;
    leoMeeting: string;
  };
  erinCravingIds: string[];
  /** Every marker of hers: what the scan must not find after the erasure. */
  erinMarkers: Record<string, string>;
  /** Her markers that are stored as they are even with encryption at rest (ids, email, names, bio, endpoint…). */
  erinStableMarkers: Record<string, string>;
  /** Other members' private values: what her export must not hold. */
  others: Record<string, string>;
  /** Of `others`, those the scan cannot see as typed: dates (a date column) and what encryption at rest stores as ciphertext. */
  othersNotScannable: Set<string>;
};

async function must<T>(label: string, p: Promise<{ status: number; body: unknown }>): Promise<T> {
  const res = await p;
  if (res.status < 200 || res.status > 299)
    throw new Error(`erasure world: ${label} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

async function buildWorld(t: TestApp): Promise<World> {
  const api = t.api;
  const tag = randomBytes(4).toString('hex');
  const mark = (what: string): string => `er${tag}-${what}`;
  const as = (member: TestMember) => ({ token: member.accessToken });
  // Fictional 555-01xx numbers, one per member, none a substring of another.
  const phone = (n: number): string => `+141555501${String(n).padStart(2, '0')}`;

  const erin = await registerMember(api, {
    email: `erin-${tag}@erasure.homegroup.local`,
    displayName: `Erin ${tag}`,
  });
  const [sam, sue, pat, cole, fay, leo, quinn, blockedByErin, blocksErin] = await Promise.all(
    ['sam', 'sue', 'pat', 'cole', 'fay', 'leo', 'quinn', 'bea', 'bob'].map((name) =>
      registerMember(api, { email: `${name}-${tag}@erasure.homegroup.local`, displayName: `${name} ${tag}` }),
    ),
  );
  const erinSub = createBrowserSubscription(`http://127.0.0.1:9/push/${mark('erin-endpoint')}`);
  const coleSub = createBrowserSubscription(`http://127.0.0.1:9/push/${mark('cole-endpoint')}`);
  const m: World['m'] = {
    phone: phone(11),
    cleanDate: '2014-02-03',
    copingItem: mark('coping'),
    bio: mark('bio'),
    openNote: mark('open-note'),
    resolvedNote: mark('resolved-note'),
    resolveNote: mark('resolve-note'),
    ackOpen: mark('ack-open'),
    ackResolved: mark('ack-resolved'),
    practiceNote: mark('practice-note'),
    outsideName: mark('outside-name'),
    outsidePhone: '+442079460777',
    outsideNotes: mark('outside-notes'),
    pushEndpoint: erinSub.endpoint,
    pushKeys: erinSub.keys,
    answersToErin: [mark('sam-answers-erin'), mark('cole-answers-erin')],
  };
  const others = {
    samEmail: sam.email,
    sueEmail: sue.email,
    patEmail: pat.email,
    coleEmail: cole.email,
    fayEmail: fay.email,
    leoEmail: leo.email,
    quinnEmail: quinn.email,
    beaEmail: blockedByErin.email,
    bobEmail: blocksErin.email,
    bobId: blocksErin.id,
    samPhone: phone(12),
    patPhone: phone(13),
    colePhone: phone(14),
    samCleanDate: '2011-03-17',
    patCleanDate: '2019-08-21',
    coleCleanDate: '2016-12-05',
    samBio: mark('sam-bio'),
    sueBio: mark('sue-bio'),
    coleCoping: mark('cole-coping'),
    coleOpenNote: mark('cole-open-note'),
    coleResolvedNote: mark('cole-resolved-note'),
    coleResolveNote: mark('cole-resolve-note'),
    fayAnswersCole: mark('fay-answers-cole'),
    colePracticeNote: mark('cole-practice-note'),
    colePushEndpoint: coleSub.endpoint,
    colePushAuth: coleSub.keys.auth,
  };
  const othersNotScannable = new Set([
    'samCleanDate',
    'patCleanDate',
    'coleCleanDate',
    'samPhone',
    'patPhone',
    'colePhone',
    'coleOpenNote',
    'coleResolvedNote',
    'coleResolveNote',
    'fayAnswersCole',
    'colePracticeNote',
  ]);

  // Profiles: hers with everything private; the others' with their own private values.
  await Promise.all([
    updateMemberProfile(api, erin, {
      phone: m.phone,
      cleanDate: m.cleanDate,
      fellowships: ['NA'],
      languages: ['en'],
    }),
    must('coping list', api.patch('/me', { copingList: [m.copingItem], country: 'US' }, as(erin))),
    updateMemberProfile(api, sam, {
      phone: others.samPhone,
      cleanDate: others.samCleanDate,
      fellowships: ['NA'],
    }),
    updateMemberProfile(api, pat, {
      phone: others.patPhone,
      cleanDate: others.patCleanDate,
      fellowships: ['NA'],
    }),
    updateMemberProfile(api, cole, {
      phone: others.colePhone,
      cleanDate: others.coleCleanDate,
      fellowships: ['NA'],
    }),
    must('cole coping', api.patch('/me', { copingList: [others.coleCoping] }, as(cole))),
    updateMemberProfile(api, sue, { fellowships: ['NA'] }),
  ]);
  await Promise.all([
    putSponsorProfile(api, erin, { available: true, maxSponsees: 3, fellowships: ['NA'], bio: m.bio }),
    putSponsorProfile(api, sam, { available: true, maxSponsees: 3, fellowships: ['NA'], bio: others.samBio }),
    putSponsorProfile(api, sue, { available: true, maxSponsees: 3, fellowships: ['NA'], bio: others.sueBio }),
  ]);

  // Sponsorships: Sam sponsors her, she sponsors Pat, she asked Sue (pending).
  await activeSponsorship(api, erin, sam, { fellowship: 'NA' });
  await activeSponsorship(api, pat, erin, { fellowship: 'NA' });
  await requestSponsorship(api, erin, sue, { fellowship: 'NA' });

  // Phone list: she and Cole are contacts (she used his invite code), each accepts the other's alerts and shares
  // their phone; Fay is Cole's contact and accepts his alerts. She also has an invite code of her own.
  const erinCole = await linkContacts(api, erin, cole);
  await setContactSettings(api, erin, erinCole.memberContactId, {
    acceptsAlerts: true,
    sharePhone: true,
    // A window she has (its data must be erased too) that covers every hour of every day (start = end): a
    // narrower one would leave her out of Cole's alerts at some hours of the real clock this test runs on.
    availability: [{ days: [0, 1, 2, 3, 4, 5, 6], start: '08:00', end: '08:00' }],
  });
  await setContactSettings(api, cole, erinCole.contactContactId, { acceptsAlerts: true, sharePhone: true });
  const coleFay = await linkContacts(api, cole, fay);
  await setContactSettings(api, fay, coleFay.contactContactId, { acceptsAlerts: true });
  await must('invite', api.post('/phone-list/invites', undefined, as(erin)));

  // Policies: Cole is her first responder; she and Fay are his.
  await must('erin policy', api.put('/me/escalation-policy', { firstResponderIds: [cole.id] }, as(erin)));
  await must(
    'cole policy',
    api.put('/me/escalation-policy', { firstResponderIds: [erin.id, fay.id] }, as(cole)),
  );

  // Someone without the app on her phone list (ADR 0045), with a practice call to them.
  const outside = await must<{ id: string }>(
    'erin outside contact',
    api.post(
      '/phone-list/outside',
      { name: m.outsideName, phone: m.outsidePhone, notes: m.outsideNotes },
      as(erin),
    ),
  );
  await must(
    'erin outside call',
    api.post('/practice-calls', { outsideContactId: outside.id, outcome: 'voicemail' }, as(erin)),
  );

  // Practice calls both ways, her settings, push subscriptions, notification preferences, a second session.
  await Promise.all([
    must(
      'erin call',
      api.post(
        '/practice-calls',
        { contactId: erinCole.memberContactId, outcome: 'connected', note: m.practiceNote },
        as(erin),
      ),
    ),
    must(
      'cole call',
      api.post(
        '/practice-calls',
        { contactId: erinCole.contactContactId, outcome: 'connected', note: others.colePracticeNote },
        as(cole),
      ),
    ),
    must(
      'practice settings',
      api.put('/practice-calls/settings', { dailyGoal: 2, reminderTime: '18:30' }, as(erin)),
    ),
    must(
      'erin push',
      api.post('/me/push-subscriptions', { endpoint: erinSub.endpoint, keys: erinSub.keys }, as(erin)),
    ),
    must(
      'cole push',
      api.post('/me/push-subscriptions', { endpoint: coleSub.endpoint, keys: coleSub.keys }, as(cole)),
    ),
    must('preferences', api.put('/me/notification-preferences', { showCravingDetails: true }, as(erin))),
    must('login', api.post('/auth/login', { email: erin.email, password: erin.password })),
  ]);

  // Her live socket (acks alerts like the app does, so nothing is pushed to her endpoint).
  const inbox = await openInbox(t.baseUrl, erin);

  // Cole's alerts: a resolved one she and Fay answered, and an open one only she answered.
  const raise = async (owner: TestMember, note: string): Promise<string> =>
    (
      await must<{ id: string }>(
        'craving',
        api.post('/cravings', { intensity: 6, trigger: 'emotional', note }, as(owner)),
      )
    ).id;
  const coleResolved = await raise(cole, others.coleResolvedNote);
  await must(
    'erin ack',
    api.post(`/cravings/${coleResolved}/acknowledge`, { message: m.ackResolved }, as(erin)),
  );
  await must(
    'fay ack',
    api.post(`/cravings/${coleResolved}/acknowledge`, { message: others.fayAnswersCole }, as(fay)),
  );
  await must(
    'cole resolve',
    api.post(
      `/cravings/${coleResolved}/resolve`,
      { outcome: 'passed', note: others.coleResolveNote },
      as(cole),
    ),
  );
  const coleOpen = await raise(cole, others.coleOpenNote);
  await must(
    'erin ack open',
    api.post(`/cravings/${coleOpen}/acknowledge`, { message: m.ackOpen }, as(erin)),
  );

  // Her alerts: a resolved one Sam and Cole answered, and an open one (its timers are pending pg-boss jobs).
  const erinResolved = await raise(erin, m.resolvedNote);
  await must(
    'sam ack',
    api.post(`/cravings/${erinResolved}/acknowledge`, { message: m.answersToErin[0] }, as(sam)),
  );
  await must(
    'cole ack',
    api.post(`/cravings/${erinResolved}/acknowledge`, { message: m.answersToErin[1] }, as(cole)),
  );
  await must(
    'erin resolve',
    api.post(
      `/cravings/${erinResolved}/resolve`,
      { outcome: 'struggling', note: m.resolveNote, shareOutcome: true },
      as(erin),
    ),
  );
  const erinOpen = await raise(erin, m.openNote);

  // pg-boss: two of her alerts' jobs run (a real pg-boss client fetches and completes them once due: their time is
  // moved, the clock being the outside world), and one of them goes on to pg-boss's archive of completed jobs.
  await runAndArchiveJobs(t, [erinResolved, erinOpen]);

  // Blocks both ways.
  await must('erin blocks', api.post('/blocks', { userId: blockedByErin.id }, as(erin)));
  await must('bob blocks', api.post('/blocks', { userId: erin.id }, as(blocksErin)));

  // Meetings: she alone leads her group (a meeting with an exception), co-leads Leo's, and is on the phone list of
  // Leo's meeting, where Quinn asked her to be contacts.
  const erinGroup = await createGroup(api, erin, { name: `Lakeside ${tag}`, published: true });
  const erinMeeting = await createMeeting(api, erin, erinGroup.id, { name: `Lakeside ${tag} Monday` });
  await must(
    'exception',
    api.post(
      `/meetings/${erinMeeting.id}/exceptions`,
      { date: '2030-01-14', kind: 'cancel', note: 'holiday' },
      as(erin),
    ),
  );
  const leoGroup = await createGroup(api, leo, { name: `Leo ${tag} group`, published: true });
  const leoMeeting = await createMeeting(api, leo, leoGroup.id, { name: `Leo ${tag} meeting` });
  await must('co-lead', api.post(`/groups/${leoGroup.id}/leads`, { userId: erin.id }, as(leo)));
  await must('erin joins', api.post(`/meetings/${leoMeeting.id}/phone-list`, undefined, as(erin)));
  await must('quinn joins', api.post(`/meetings/${leoMeeting.id}/phone-list`, undefined, as(quinn)));
  await must(
    'quinn asks',
    api.post(`/meetings/${leoMeeting.id}/phone-list/requests`, { userId: erin.id }, as(quinn)),
  );

  const erinStableMarkers = {
    erinId: erin.id,
    erinEmail: erin.email,
    erinDisplayName: erin.displayName,
    erinBio: m.bio,
    erinCoping: m.copingItem,
    erinPushEndpoint: m.pushEndpoint,
    erinPushKey: m.pushKeys.p256dh,
    erinPushAuth: m.pushKeys.auth,
    erinOpenCraving: erinOpen,
    erinResolvedCraving: erinResolved,
    erinOutsideName: m.outsideName,
  };
  return {
    erin,
    sam,
    sue,
    pat,
    cole,
    fay,
    leo,
    quinn,
    blockedByErin,
    blocksErin,
    inbox,
    m,
    ids: {
      erinOpen,
      erinResolved,
      coleOpen,
      coleResolved,
      erinGroup: erinGroup.id,
      erinMeeting: erinMeeting.id,
      leoGroup: leoGroup.id,
      leoMeeting: leoMeeting.id,
    },
    erinCravingIds: [erinOpen, erinResolved],
    erinStableMarkers,
    erinMarkers: {
      ...erinStableMarkers,
      // Her texts as she typed them (stored encrypted once encryption at rest lands: then only the stored forms
      // from storedForms() can match, and these must still match nothing).
      erinPhone: m.phone,
      erinOpenNote: m.openNote,
      erinResolvedNote: m.resolvedNote,
      erinResolveNote: m.resolveNote,
      erinAckOpen: m.ackOpen,
      erinAckResolved: m.ackResolved,
      erinPracticeNote: m.practiceNote,
      erinOutsidePhone: m.outsidePhone,
      erinOutsideNotes: m.outsideNotes,
    },
    others,
    othersNotScannable,
  };
}

/**
 * Fetches and completes a job of each of these alerts with a real pg-boss client (after moving their start time
 * to now), then archives the first one the way pg-boss's maintenance does (after moving its completion back a day).
 */
async function runAndArchiveJobs(t: TestApp, cravingIds: string[]): Promise<void> {
  const db = t.app.get(DataSource);
  const boss = new PgBoss({
    connectionString: t.databaseUrl,
    schema: JOBS_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: false,
    max: 1,
  });
  await boss.start();
  try {
    const queue = QUEUES.cravingCheckin;
    const due = await db.query<{ id: string }[]>(
      `WITH moved AS (
         UPDATE ${JOBS_SCHEMA}.job SET start_after = now() - interval '1 minute'
          WHERE id IN (SELECT DISTINCT ON (data->>'cravingId') id FROM ${JOBS_SCHEMA}.job
                        WHERE name = $1 AND data->>'cravingId' = ANY($2::text[]) AND state = 'created'
                        ORDER BY data->>'cravingId', start_after)
          RETURNING id
       )
       SELECT id FROM moved`,
      [queue, cravingIds],
    );
    if (due.length !== cravingIds.length)
      throw new Error(`erasure world: expected a check-in job per alert, found ${due.length}`);
    const fetched = (await boss.fetch(queue, { batchSize: 10 })) ?? [];
    const ids = fetched.map((j) => j.id).sort();
    if (
      ids.join() !==
      due
        .map((j) => j.id)
        .sort()
        .join()
    )
      throw new Error('erasure world: pg-boss fetched other jobs');
    await boss.complete(queue, ids);
    await db.query(`UPDATE ${JOBS_SCHEMA}.job SET completed_on = now() - interval '1 day' WHERE id = $1`, [
      ids[0],
    ]);
    await (boss as unknown as { archive: () => Promise<void> }).archive();
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Where her alerts' jobs are: pg-boss states of the live table, plus `archived` for the archive. */
async function jobStates(db: DataSource, cravingIds: string[]): Promise<string[]> {
  const rows = await db.query<{ state: string }[]>(
    `SELECT state::text FROM ${JOBS_SCHEMA}.job WHERE data->>'cravingId' = ANY($1::text[])
     UNION SELECT 'archived' FROM ${JOBS_SCHEMA}.archive WHERE data->>'cravingId' = ANY($1::text[])`,
    [cravingIds],
  );
  return rows.map((r) => r.state);
}

/**
 * Her values as the database stores them, read just before the erasure from every row that is hers: the `users` row
 * and each row of a table whose foreign key to `users` cascades, where the key is her id (found in the catalogue, so
 * a column renamed or added later, e.g. a ciphertext or a keyed hash once encryption at rest lands, is read too).
 * Kept: string values (bytea as `\x…` hex) of 16 characters or more that are not shared by nature: not a uuid (her
 * rows name other members), a date or time, a lower-case code (`temporary_sponsor`) or a time zone.
 */
async function storedForms(db: DataSource, w: World): Promise<Record<string, string>> {
  const keys = await db.query<{ table: string; column: string }[]>(
    `SELECT c.conrelid::regclass::text AS table, a.attname AS column
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass AND c.confdeltype = 'c' AND cardinality(c.conkey) = 1
      ORDER BY 1, 2`,
  );
  const reads = [{ table: 'users', column: 'id' }, ...keys];
  const shared = [
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?)?$/,
    /^[a-z_]+$/,
    /^[A-Z][A-Za-z_]+\/[A-Za-z_/+-]+$/,
  ];
  const out: Record<string, string> = {};
  for (const { table, column } of reads) {
    const rows = await db.query<{ row: Record<string, unknown> }[]>(
      `SELECT to_jsonb(x) AS row FROM ${table} x WHERE "${column}" = $1`,
      [w.erin.id],
    );
    rows.forEach((r, i) => {
      for (const [name, value] of Object.entries(r.row)) {
        if (typeof value !== 'string' || value.length < 16 || shared.some((re) => re.test(value))) continue;
        out[`stored ${table}[${i}].${name}`] = value;
      }
    });
  }
  return out;
}
