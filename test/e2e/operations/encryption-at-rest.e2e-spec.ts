import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  ENCRYPTED_COLUMNS,
  FieldCipher,
  parseEncryptionKeys,
  parseHashKey,
  rotateEncryptedColumns,
  type SqlRunner,
} from '@homegroup/crypto';
import { UsersRepository } from '@homegroup/identity';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { createTestDatabase, dropTestDatabase } from '../../setup/test-database';
import { buildCircle, openInbox, raiseCraving, type CravingCircle } from '../../factories/craving.factory';
import { setContactSettings } from '../../factories/contact.factory';
import { collectEvents, type TestSocket } from '../../utils/socket-client';
import { waitUntil } from '../../utils/wait-for';

/**
 * Field encryption at rest (ADR 0037), end to end: everything goes in through the real API, then the tables are
 * read directly: none of the texts is there in plain, every encrypted column holds `v1:<keyId>:…`, and the API
 * still answers the plain text to those allowed to see it. Then the keys rotate under a running app's data.
 */
describe('encryption at rest', () => {
  const K1 = `k1:${randomBytes(32).toString('base64')}`;
  const K2 = `k2:${randomBytes(32).toString('base64')}`;
  const HASH = randomBytes(32).toString('base64');
  const JWT_SECRET = randomBytes(32).toString('hex');
  const underK1 = { FIELD_ENCRYPTION_KEYS: K1, FIELD_HASH_KEY: HASH, JWT_SECRET };

  const SECRETS = {
    ownerPhone: '+14155550123',
    contactPhone: '+442079460123',
    cravingNote: 'fight with my brother, thinking about the old place',
    ackMessage: 'calling you in two minutes, hang on',
    resolveNote: 'went for a run, the wave passed',
    practiceNote: 'talked about the weekend and the meeting on Tuesday',
    outsidePhone: '+442079460456',
    outsideNotes: 'met him outside the Thursday meeting, works nights',
  };

  let databaseUrl: string;
  let t: TestApp;
  let db: Client;
  let circle: CravingCircle;
  let cravingId: string;
  const sockets: TestSocket[] = [];
  const run: SqlRunner = async <T>(sql: string, params: unknown[]) => (await db.query(sql, params)).rows as T[];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    t = await createTestApp({ databaseUrl, env: underK1 });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await db.end();
    await t.close();
    await dropTestDatabase(databaseUrl);
  });

  /** Every row of every table in our schema and pg-boss's, as text. */
  const everyRow = async (): Promise<string> => {
    const tables = await run<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'`,
      [],
    );
    const parts: string[] = [];
    for (const { schema, name } of tables) {
      const rows = await run<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM "${schema}"."${name}" x`, []);
      parts.push(...rows.map((r) => r.row));
    }
    expect(tables.length).toBeGreaterThan(20);
    return parts.join('\n');
  };

  /** The stored values of every encrypted column (non-null). */
  const storedValues = async (): Promise<{ column: string; value: string }[]> => {
    const out: { column: string; value: string }[] = [];
    for (const { table, column } of ENCRYPTED_COLUMNS) {
      const rows = await run<{ value: string }>(`SELECT "${column}" AS value FROM "${table}" WHERE "${column}" IS NOT NULL`, []);
      out.push(...rows.map((r) => ({ column: `${table}.${column}`, value: r.value })));
    }
    return out;
  };

  it('should keep phones, notes and messages out of every table while the API answers them in plain to those allowed', async () => {
    circle = await buildCircle(t.api);
    const { owner, sponsor, first } = circle;
    const as = (m: { accessToken: string }) => ({ token: m.accessToken });

    // The owner and a contact store their phones; the contact shares theirs with the owner.
    expect((await t.api.patch('/me', { phone: SECRETS.ownerPhone }, as(owner))).status).toBe(200);
    expect((await t.api.patch('/me', { phone: SECRETS.contactPhone }, as(first))).status).toBe(200);
    const firstsContacts = await t.api.get<{ id: string; user: { id: string } }[]>('/phone-list', as(first));
    const towardOwner = firstsContacts.body.find((c) => c.user.id === owner.id);
    await setContactSettings(t.api, first, towardOwner!.id, { sharePhone: true });

    // A craving with a note; the sponsor answers with a message; the owner resolves with a note.
    const sponsorInbox = await openInbox(t.baseUrl, sponsor);
    const ownerInbox = await openInbox(t.baseUrl, owner);
    sockets.push(sponsorInbox.socket, ownerInbox.socket);
    const acknowledged = collectEvents(ownerInbox.socket, 'craving.acknowledged');
    const raised = await raiseCraving(t.api, owner, { intensity: 8, trigger: 'emotional', note: SECRETS.cravingNote });
    expect(raised.status).toBe(201);
    cravingId = raised.body.id;
    expect(raised.body.note).toBe(SECRETS.cravingNote);
    await waitUntil(() => sponsorInbox.alerts.length === 1);
    const ack = await t.api.post(`/cravings/${cravingId}/acknowledge`, { message: SECRETS.ackMessage }, as(sponsor));
    expect(ack.status).toBe(200);
    await waitUntil(() => acknowledged.length === 1);
    expect(acknowledged[0]).toMatchObject({ cravingId, message: SECRETS.ackMessage });
    const resolved = await t.api.post(`/cravings/${cravingId}/resolve`, { outcome: 'passed', note: SECRETS.resolveNote }, as(owner));
    expect(resolved.status).toBe(200);

    // A practice call with a note.
    const ownersContacts = await t.api.get<{ id: string; user: { id: string }; phone: string | null }[]>('/phone-list', as(owner));
    const toFirst = ownersContacts.body.find((c) => c.user.id === first.id)!;
    const call = await t.api.post('/practice-calls', { contactId: toFirst.id, outcome: 'connected', note: SECRETS.practiceNote }, as(owner));
    expect(call.status).toBe(201);

    // Someone without the app on the owner's list (ADR 0045): their number and the owner's notes.
    const outside = await t.api.post<{ id: string }>(
      '/phone-list/outside',
      { name: 'Dee', phone: SECRETS.outsidePhone, notes: SECRETS.outsideNotes },
      as(owner),
    );
    expect(outside.status).toBe(201);

    // Directly in the database: none of the texts, anywhere (pg-boss's jobs included).
    const dump = await everyRow();
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect({ name, found: dump.includes(secret) }).toEqual({ name, found: false });
    }
    expect(dump).not.toContain(SECRETS.ownerPhone.slice(2));
    expect(dump).not.toContain(SECRETS.outsidePhone.slice(3));
    // Every encrypted column holds the format, under k1, and each of the seven kinds is there.
    const stored = await storedValues();
    expect(new Set(stored.map((s) => s.column))).toEqual(
      new Set([
        'users.phone',
        'cravings.note',
        'cravings.outcome_note',
        'craving_recipients.message',
        'practice_calls.note',
        'outside_contacts.phone',
        'outside_contacts.notes',
      ]),
    );
    for (const { value } of stored) expect(value).toMatch(/^v1:k1:[A-Za-z0-9+/]+={0,2}:[A-Za-z0-9+/]+={0,2}$/);
    const hashes = await run<{ phone_hash: string | null }>(`SELECT phone_hash FROM users WHERE phone IS NOT NULL`, []);
    expect(hashes).toHaveLength(2);
    for (const h of hashes) expect(h.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    const outsideHashes = await run<{ phone_hash: string }>(`SELECT phone_hash FROM outside_contacts`, []);
    expect(outsideHashes).toHaveLength(1);
    expect(outsideHashes[0].phone_hash).toMatch(/^[0-9a-f]{64}$/);
    // Under another context than users.phone: the same number never has the same hash in both tables.
    expect(outsideHashes[0].phone_hash).not.toBe(t.app.get(UsersRepository).phoneHash(SECRETS.outsidePhone));

    // The API still answers the plain text to whom it belongs.
    expect((await t.api.get<{ phone: string }>('/me', as(owner))).body.phone).toBe(SECRETS.ownerPhone);
    expect(toFirst.phone).toBe(SECRETS.contactPhone);
    const mine = await t.api.get<{ note: string; recipients: { message?: string }[] }>(`/cravings/${cravingId}`, as(owner));
    expect(mine.body.note).toBe(SECRETS.cravingNote);
    expect(mine.body.recipients.map((r) => r.message).filter(Boolean)).toEqual([SECRETS.ackMessage]);
    const history = await t.api.get<{ items: { id: string; note: string }[] }>('/cravings', as(owner));
    expect(history.body.items.find((c) => c.id === cravingId)?.note).toBe(SECRETS.cravingNote);
    const calls = await t.api.get<{ items: { note: string }[] }>('/practice-calls', as(owner));
    expect(calls.body.items.map((c) => c.note)).toEqual([SECRETS.practiceNote]);
    const exported = await t.api.get<{
      account: { phone: string; phoneHash?: string };
      cravings: { note: string; outcomeNote: string; recipients: { message: string | null }[] }[];
      practiceCalls: { note: string }[];
      outsideContacts: { phone: string; notes: string }[];
    }>('/me/export', as(owner));
    expect(exported.body.account.phone).toBe(SECRETS.ownerPhone);
    expect(exported.body.account).not.toHaveProperty('phoneHash');
    expect(exported.body.cravings[0]).toMatchObject({ note: SECRETS.cravingNote, outcomeNote: SECRETS.resolveNote });
    expect(exported.body.cravings[0].recipients.map((r) => r.message).filter(Boolean)).toEqual([SECRETS.ackMessage]);
    expect(exported.body.practiceCalls.map((c) => c.note)).toEqual([SECRETS.practiceNote]);
    expect(exported.body.outsideContacts.map((o) => [o.phone, o.notes])).toEqual([[SECRETS.outsidePhone, SECRETS.outsideNotes]]);
    const mineOutside = await t.api.get<{ phone: string; notes: string }>(`/phone-list/outside/${outside.body.id}`, as(owner));
    expect([mineOutside.body.phone, mineOutside.body.notes]).toEqual([SECRETS.outsidePhone, SECRETS.outsideNotes]);
    const sponsorsExport = await t.api.get<{ cravingResponses: { message: string }[] }>('/me/export', as(sponsor));
    expect(sponsorsExport.body.cravingResponses.map((r) => r.message)).toEqual([SECRETS.ackMessage]);

    // …and still never to those not allowed: a recipient does not see the note, a non-sharing owner's phone stays hidden.
    const asSponsor = await t.api.get<Record<string, unknown>>(`/cravings/${cravingId}`, as(sponsor));
    expect(JSON.stringify(asSponsor.body)).not.toContain(SECRETS.cravingNote);
    const firstSees = await t.api.get<{ user: { id: string }; phone: string | null }[]>('/phone-list', as(first));
    expect(firstSees.body.find((c) => c.user.id === owner.id)?.phone).toBeNull();
  });

  it('should find members by phone through the keyed hash, and forget the hash with the phone', async () => {
    const users = t.app.get(UsersRepository);
    expect(await users.idsByPhone(SECRETS.ownerPhone)).toEqual([circle.owner.id]);
    expect(await users.idsByPhone(SECRETS.contactPhone)).toEqual([circle.first.id]);
    expect(await users.idsByPhone('+14155550124')).toEqual([]);
    // The index on the hash serves the lookup (no sequential scan of users).
    await run(`SET enable_seqscan = off`, []);
    const plan = await run<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM users WHERE phone_hash = $1`, [users.phoneHash(SECRETS.ownerPhone)]);
    await run(`RESET enable_seqscan`, []);
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('ix_users_phone_hash');
    // The same number stored by someone else is found for both; clearing a phone clears its hash.
    expect((await t.api.patch('/me', { phone: SECRETS.ownerPhone }, { token: circle.second.accessToken })).status).toBe(200);
    expect((await users.idsByPhone(SECRETS.ownerPhone)).sort()).toEqual([circle.owner.id, circle.second.id].sort());
    expect((await t.api.patch('/me', { phone: null }, { token: circle.second.accessToken })).status).toBe(200);
    expect(await users.idsByPhone(SECRETS.ownerPhone)).toEqual([circle.owner.id]);
    const cleared = await run<{ phone: string | null; phone_hash: string | null }>(
      `SELECT phone, phone_hash FROM users WHERE id = $1`,
      [circle.second.id],
    );
    expect(cleared).toEqual([{ phone: null, phone_hash: null }]);
  });

  it('should rotate every value to a new active key in batches, resume after an interruption, and stay readable', async () => {
    // A plain phone, as a process older than the migration would have written it during a rolling deploy.
    const latePhone = '+14155550199';
    await run(`UPDATE users SET phone = $1, phone_hash = NULL WHERE id = $2`, [latePhone, circle.second.id]);
    const before = await storedValues();
    expect(before.length).toBeGreaterThanOrEqual(6);
    const rotating = new FieldCipher({ encryption: parseEncryptionKeys(`${K2},${K1}`), hash: parseHashKey(HASH) });

    // Interrupted after one batch of two: two values moved, the rest still under k1.
    const progress: string[] = [];
    const partial = await rotateEncryptedColumns(run, rotating, {
      batchSize: 2,
      maxBatches: 1,
      onProgress: (p) => progress.push(JSON.stringify(p)),
    });
    expect(partial).toEqual({ rotated: 2, batches: 1, complete: false });
    const midway = await storedValues();
    expect(midway.filter((s) => s.value.startsWith('v1:k2:'))).toHaveLength(2);
    expect(midway.filter((s) => !s.value.startsWith('v1:k2:'))).toHaveLength(before.length - 2);
    // The next run finishes the job, picking only what is not under k2 yet.
    const rest = await rotateEncryptedColumns(run, rotating, {
      batchSize: 2,
      onProgress: (p) => progress.push(JSON.stringify(p)),
    });
    expect(rest.complete).toBe(true);
    expect(rest.rotated).toBe(before.length - 2);
    const after = await storedValues();
    expect(after.every((s) => s.value.startsWith('v1:k2:'))).toBe(true);
    expect(await rotateEncryptedColumns(run, rotating, { batchSize: 2 })).toEqual({ rotated: 0, batches: 0, complete: true });
    // Progress is counts only.
    for (const secret of Object.values(SECRETS)) expect(progress.join('\n')).not.toContain(secret);
    expect(progress.join('\n')).not.toContain('v1:');

    // An app with k2 alone (k1 retired) reads everything back; the phone hash did not change.
    const t2 = await createTestApp({ databaseUrl, env: { ...underK1, FIELD_ENCRYPTION_KEYS: K2 } });
    try {
      const as = { token: circle.owner.accessToken };
      expect((await t2.api.get<{ phone: string }>('/me', as)).body.phone).toBe(SECRETS.ownerPhone);
      const mine = await t2.api.get<{ note: string; recipients: { message?: string }[] }>(`/cravings/${cravingId}`, as);
      expect(mine.body.note).toBe(SECRETS.cravingNote);
      expect(mine.body.recipients.map((r) => r.message).filter(Boolean)).toEqual([SECRETS.ackMessage]);
      const exported = await t2.api.get<{ cravings: { outcomeNote: string }[]; practiceCalls: { note: string }[] }>('/me/export', as);
      expect(exported.body.cravings[0].outcomeNote).toBe(SECRETS.resolveNote);
      expect(exported.body.practiceCalls[0].note).toBe(SECRETS.practiceNote);
      const outsideAfter = await t2.api.get<{ phone: string; notes: string }[]>('/phone-list/outside', as);
      expect(outsideAfter.body.map((o) => [o.phone, o.notes])).toEqual([[SECRETS.outsidePhone, SECRETS.outsideNotes]]);
      expect(await t2.app.get(UsersRepository).idsByPhone(SECRETS.ownerPhone)).toEqual([circle.owner.id]);
      // The plain phone was sealed under k2 with its hash.
      expect(await t2.app.get(UsersRepository).idsByPhone(latePhone)).toEqual([circle.second.id]);
      expect((await t2.api.get<{ phone: string }>('/me', { token: circle.second.accessToken })).body.phone).toBe(latePhone);
    } finally {
      await t2.close();
    }
  });
});
