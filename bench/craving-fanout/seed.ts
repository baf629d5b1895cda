/**
 * Alert circles written straight into PostgreSQL (no argon2: nobody logs in): N recipients and M owners, each
 * owner with FANOUT consenting contacts and an escalation policy naming all of them as first responders (what
 * `PUT /me/escalation-policy { firstResponderIds: [all five] }` stores), so every alert pages FANOUT people at
 * step 0. Used by the craving-fanout and soak benchmarks.
 */
import type { Client } from 'pg';
import { QUEUES } from '@homegroup/contracts';
import { FIELD, type FieldCipher } from '@homegroup/crypto';

/** Recipients per alert: every one at step 0 (the owner's escalation policy names all five first responders). */
export const FANOUT = 5;

/** Owner n's recipients: recipients[(n*FANOUT + k) mod N], k = 0..FANOUT-1 (the map the baseline uses too). */
export const recipientsOfOwner = (n: number, recipients: string[]): string[] =>
  Array.from({ length: FANOUT }, (_, k) => recipients[(n * FANOUT + k) % recipients.length]);

/**
 * Replaces the members of `emailDomain` (and pg-boss jobs of the alert queues left by earlier runs, whose
 * worker was off) with `recipientCount` recipients and `ownerCount` owners, in member-number order.
 */
export async function seedAlertCircles(
  client: Client,
  recipientCount: number,
  ownerCount: number,
  emailDomain: string,
): Promise<{ recipients: string[]; owners: string[] }> {
  await client.query(`DELETE FROM users WHERE email LIKE $1`, [`%@${emailDomain}`]);
  // Jobs of alerts from earlier runs (the worker is off in most runs, so nothing consumed them).
  await client
    .query(`DELETE FROM pgboss.job WHERE name = ANY($1::text[])`, [
      [QUEUES.cravingEscalation, QUEUES.cravingCheckin, QUEUES.cravingAutoResolve],
    ])
    .catch(() => undefined);
  const insertUsers = async (prefix: string, count: number): Promise<string[]> => {
    const rows = await client.query<{ id: string; n: number }>(
      `INSERT INTO users (email, password_hash, display_name, timezone)
       SELECT $2 || '-' || g || '@' || $3, 'not-a-hash', initcap($2) || ' ' || g, 'UTC'
         FROM generate_series(1, $1::int) g
       RETURNING id, split_part(split_part(email, '@', 1), '-', 2)::int AS n`,
      [count, prefix, emailDomain],
    );
    return rows.rows.sort((a, b) => a.n - b.n).map((r) => r.id);
  };
  const recipients = await insertUsers('recipient', recipientCount);
  const owners = await insertUsers('owner', ownerCount);
  await client.query(
    `WITH pairs AS (
       SELECT o.id AS owner_id, ($2::uuid[])[((o.n - 1) * ${FANOUT} + k) % $3 + 1] AS recipient_id
         FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n), generate_series(0, ${FANOUT - 1}) AS k),
     links AS (
       INSERT INTO contact_links (member_a_id, member_b_id, source)
       SELECT LEAST(owner_id, recipient_id), GREATEST(owner_id, recipient_id), 'invite' FROM pairs
       RETURNING id, member_a_id, member_b_id),
     linked AS (
       SELECT l.id AS link_id, p.owner_id, p.recipient_id
         FROM links l JOIN pairs p
           ON l.member_a_id = LEAST(p.owner_id, p.recipient_id) AND l.member_b_id = GREATEST(p.owner_id, p.recipient_id)),
     mine AS (
       INSERT INTO contacts (link_id, owner_id, other_id, accepts_alerts, share_phone, availability)
       SELECT link_id, owner_id, recipient_id, false, false, '[]' FROM linked
       RETURNING id)
     INSERT INTO contacts (link_id, owner_id, other_id, accepts_alerts, share_phone, availability)
     SELECT link_id, recipient_id, owner_id, true, false, '[]' FROM linked`,
    [owners, recipients, recipientCount],
  );
  await client.query(
    `INSERT INTO escalation_policies (user_id, first_responder_ids)
     SELECT o.id, ARRAY(SELECT ($2::uuid[])[((o.n - 1) * ${FANOUT} + k) % $3 + 1]
                          FROM generate_series(0, ${FANOUT - 1}) AS k ORDER BY k)
       FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n)`,
    [owners, recipients, recipientCount],
  );
  await client.query('ANALYZE');
  return { recipients, owners };
}

/**
 * Owner n's k-th outside contact's number: +1 (201…) 2xx-xxxx, distinct per (owner, k), valid for libphonenumber
 * and in the default SMS_ALLOWED_COUNTRIES (nothing is texted: the bench's Twilio is a local sink).
 */
export const smsNumberOf = (n: number, k: number, perOwner: number): string => {
  const i = n * perOwner + k;
  const areaCodes = ['201', '212', '312', '415', '503', '617', '702', '206'];
  const area = areaCodes[Math.floor(i / 8_000_000) % areaCodes.length];
  const rest = i % 8_000_000;
  return `+1${area}${200 + Math.floor(rest / 10_000)}${String(rest % 10_000).padStart(4, '0')}`;
};

/**
 * `perOwner` outside contacts (no account) per owner with alert consent `given`, as the consent flow leaves them:
 * phones encrypted and hashed with the app's FieldCipher (ADR 0037), as OutsideContactsRepository writes them, and
 * named as first responders after the members, so every alert texts them at step 0.
 * Returns each number's owner index (into `owners`), to match the texts the provider receives to their alert.
 */
export async function seedSmsRecipients(
  client: Client,
  cipher: FieldCipher,
  owners: string[],
  perOwner: number,
): Promise<Map<string, number>> {
  const byNumber = new Map<string, number>();
  if (perOwner <= 0) return byNumber;
  const ownerIds: string[] = [];
  const names: string[] = [];
  const phones: string[] = [];
  const hashes: string[] = [];
  owners.forEach((ownerId, n) => {
    for (let k = 0; k < perOwner; k++) {
      const e164 = smsNumberOf(n, k, perOwner);
      byNumber.set(e164, n);
      ownerIds.push(ownerId);
      names.push(`Outside ${n}-${k}`);
      phones.push(cipher.encrypt(e164, FIELD.outsideContactPhone));
      hashes.push(cipher.hash(e164, FIELD.outsideContactPhone));
    }
  });
  for (let i = 0; i < ownerIds.length; i += 5000) {
    await client.query(
      `INSERT INTO outside_contacts (owner_id, name, phone, phone_hash, alert_consent, consent_asked_at, consent_changed_at)
       SELECT o, n, p, h, 'given', now(), now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x(o, n, p, h)`,
      [ownerIds.slice(i, i + 5000), names.slice(i, i + 5000), phones.slice(i, i + 5000), hashes.slice(i, i + 5000)],
    );
  }
  // Named first responders (ADR 0049): texted at step 0 with the five members, as a member who put someone without
  // the app first would have it.
  await client.query(
    `UPDATE escalation_policies p
        SET first_responder_ids = p.first_responder_ids
              || ARRAY(SELECT o.id FROM outside_contacts o WHERE o.owner_id = p.user_id ORDER BY o.created_at, o.id)
      WHERE p.user_id = ANY($1::uuid[])`,
    [owners],
  );
  await client.query('ANALYZE outside_contacts');
  return byNumber;
}
