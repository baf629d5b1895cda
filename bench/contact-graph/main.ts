/**
 * Contact-graph benchmark: `GET /api/v1/me/alert-circle` for a member with 50 contacts (and two sponsors)
 * and `GET /api/v1/sponsors` over 10,000 sponsor profiles, each through the whole Nest stack, against its
 * bare SQL in the same run: the exact statements the endpoint sent (recorded from one request, the auth
 * lookup left out) replayed with `pg` from the same number of concurrent loops.
 *
 *   npm run bench:contact-graph     (embedded PostgreSQL in .data/bench-postgres unless DATABASE_URL)
 *
 * BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 2), BENCH_CONNECTIONS (default 10),
 * BENCH_SPONSORS (default 10000), BENCH_CONTACTS (default 50). The last line is one JSON object.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { callApi, envNumber, say, startBenchApp } from '../support/bench-app';
import { openBenchDatabase, type BenchDatabase } from '../support/bench-database';
import { measure, type LoadResult } from '../support/load';
import { recordStatements, type RecordedStatement } from '../support/sql-recorder';
import { measureSql, type SqlLoadResult } from '../support/sql-load';

type Session = { id: string; accessToken: string };

async function register(base: string, name: string): Promise<Session> {
  const res = await callApi(base, 'POST', '/auth/register', undefined, {
    email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(4).toString('hex')}@bench.homegroup.local`,
    password: 'bench-password-1',
    displayName: name,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.json)}`);
  const body = res.json as { accessToken: string; user: { id: string } };
  return { id: body.user.id, accessToken: body.accessToken };
}

async function expectOk(label: string, res: Promise<{ status: number; json: unknown }>): Promise<unknown> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${label}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** 10,000 sponsors around five cities (two across the antimeridian), some unavailable or at capacity. */
async function seedSponsors(client: Client, count: number): Promise<void> {
  await client.query(
    `INSERT INTO users (email, password_hash, display_name, timezone, fellowships, languages, gender)
     SELECT 'sponsor-' || g || '@bench.homegroup.local', 'not-a-hash', 'Sponsor ' || g, 'America/New_York',
            CASE WHEN g % 5 = 0 THEN '{AA}' ELSE '{NA}' END::text[],
            CASE WHEN g % 4 = 0 THEN '{en,es}' ELSE '{en}' END::text[],
            (ARRAY['woman', 'man', 'nonbinary'])[1 + g % 3]
       FROM generate_series(1, $1::int) g`,
    [count],
  );
  await client.query(
    `INSERT INTO sponsor_profiles (user_id, available, max_sponsees, fellowships, languages, bio, region, lat, lng, active_sponsee_count)
     SELECT u.id, (g % 10 <> 0), 3, u.fellowships, u.languages, 'Clean since a while; happy to share.', 'Region ' || (g % 50),
            round((c.lat + (random() - 0.5) * 0.6)::numeric, 2), round((c.lng + (random() - 0.5) * 0.6)::numeric, 2), g % 4
       FROM (SELECT id, fellowships, languages, row_number() OVER (ORDER BY email) AS g
               FROM users WHERE email LIKE 'sponsor-%@bench.homegroup.local') u
       JOIN LATERAL (SELECT * FROM (VALUES (40.71, -74.0), (34.05, -118.24), (51.5, -0.12), (-18.14, 178.44), (-36.85, 174.76))
                       v(lat, lng) OFFSET (u.g % 5) LIMIT 1) c ON true`,
  );
}

/** `count` members linked to `memberId`, each consenting to receive their alerts; a few practice-called. */
async function seedContacts(client: Client, memberId: string, count: number): Promise<void> {
  await client.query(
    `WITH people AS (
       INSERT INTO users (email, password_hash, display_name, timezone)
       SELECT 'contact-' || g || '-' || $2 || '@bench.homegroup.local', 'not-a-hash', 'Contact ' || g,
              (ARRAY['America/New_York', 'Europe/London', 'Pacific/Auckland'])[1 + g % 3]
         FROM generate_series(1, $1::int) g
       RETURNING id),
     links AS (
       INSERT INTO contact_links (member_a_id, member_b_id, source)
       SELECT LEAST(id, $3::uuid), GREATEST(id, $3::uuid), 'invite' FROM people
       RETURNING id, member_a_id, member_b_id),
     mine AS (
       INSERT INTO contacts (link_id, owner_id, other_id, accepts_alerts, share_phone, availability)
       SELECT id, $3::uuid, CASE WHEN member_a_id = $3::uuid THEN member_b_id ELSE member_a_id END, false, false, '[]'
         FROM links
       RETURNING id, other_id)
     INSERT INTO contacts (link_id, owner_id, other_id, accepts_alerts, share_phone, availability)
     SELECT l.id, CASE WHEN l.member_a_id = $3::uuid THEN l.member_b_id ELSE l.member_a_id END, $3::uuid, true, false,
            '[{"days":[0,1,2,3,4,5,6],"start":"08:00","end":"23:00"}]'
       FROM links l`,
    [count, randomBytes(3).toString('hex'), memberId],
  );
  await client.query(
    `INSERT INTO practice_calls (caller_id, callee_id, contact_id, outcome, called_at, local_date)
     SELECT c.owner_id, c.other_id, c.id, 'connected', now() - (n || ' hours')::interval, (now() - (n || ' hours')::interval)::date
       FROM (SELECT id, owner_id, other_id, row_number() OVER (ORDER BY id) AS n FROM contacts WHERE owner_id = $1) c
      WHERE c.n % 3 = 0`,
    [memberId],
  );
}

type Side = { http: LoadResult; sql: SqlLoadResult; statements: number };

/** The statements one request sends (the auth guard's member lookup left out). Run before any load. */
async function recordEndpoint(base: string, path: string, token: string): Promise<RecordedStatement[]> {
  const recorded = await recordStatements(async () => {
    await expectOk(path, callApi(base, 'GET', path, token));
  });
  const statements = recorded.filter((s) => !/FROM "users" WHERE "id" = \$1$/.test(s.text.trim()));
  if (statements.length === 0) throw new Error(`no SQL recorded for ${path}`);
  if (process.env.BENCH_SHOW_SQL)
    for (const s of statements) say(`    SQL ${s.text.replace(/\s+/g, ' ').slice(0, 300)}`);
  return statements;
}

async function compare(
  base: string,
  path: string,
  token: string,
  statements: RecordedStatement[],
  databaseUrl: string,
  settings: { connections: number; seconds: number; warmupSeconds: number },
): Promise<Side> {
  const sql = await measureSql(databaseUrl, statements, {
    concurrency: settings.connections,
    seconds: settings.seconds,
    warmupSeconds: settings.warmupSeconds,
  });
  const http = await measure(
    `${base}/api/v1${path}`,
    { authorization: `Bearer ${token}` },
    {
      connections: settings.connections,
      durationSeconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
    },
  );
  // Let the server drain what autocannon left in flight before the next measurement.
  await new Promise((r) => setTimeout(r, 1000));
  return { http, sql, statements: statements.length };
}

async function main(): Promise<number> {
  const seconds = envNumber('BENCH_DURATION', 10);
  const warmupSeconds = envNumber('BENCH_WARMUP', 2);
  const connections = envNumber('BENCH_CONNECTIONS', 10);
  const sponsorCount = envNumber('BENCH_SPONSORS', 10_000);
  const contactCount = envNumber('BENCH_CONTACTS', 50);

  let db: BenchDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let client: Client | undefined;
  try {
    db = await openBenchDatabase(process.env.DATABASE_URL);
    const started = await startBenchApp(db.url, {
      RATE_LIMIT_REGISTER_PER_IP: '1000000',
      RATE_LIMIT_LOGIN_PER_IP: '1000000',
    });
    app = started.app;
    const base = started.origin;

    client = new Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    const seedStarted = performance.now();
    await client.query(`DELETE FROM users WHERE email LIKE '%@bench.homegroup.local'`);
    await seedSponsors(client, sponsorCount);

    // The member whose circle is measured: two sponsors (through the real API) and 50 consenting contacts.
    const member = await register(base, 'Member');
    await expectOk(
      'profile',
      callApi(base, 'PATCH', '/me', member.accessToken, { fellowships: ['NA'], gender: 'woman' }),
    );
    for (const kind of ['sponsor', 'temporary_sponsor']) {
      const sponsor = await register(base, `Sponsor ${kind}`);
      await expectOk(
        'sponsor me',
        callApi(base, 'PATCH', '/me', sponsor.accessToken, { fellowships: ['NA'] }),
      );
      await expectOk(
        'sponsor profile',
        callApi(base, 'PUT', '/me/sponsor-profile', sponsor.accessToken, {
          available: true,
          maxSponsees: 5,
          fellowships: ['NA'],
        }),
      );
      const request = (await expectOk(
        'request',
        callApi(base, 'POST', '/sponsorships', member.accessToken, { sponsorId: sponsor.id, kind }),
      )) as { id: string };
      await expectOk(
        'accept',
        callApi(base, 'POST', `/sponsorships/${request.id}/accept`, sponsor.accessToken),
      );
    }
    await seedContacts(client, member.id, contactCount);
    await client.query('ANALYZE');
    await client.end();
    client = undefined;
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const circle = (await expectOk(
      'circle',
      callApi(base, 'GET', '/me/alert-circle', member.accessToken),
    )) as {
      recipients: unknown[];
    };
    const found = (await expectOk(
      'sponsors',
      callApi(
        base,
        'GET',
        '/sponsors?fellowship=NA&gender=any&lat=40.7&lng=-74&radiusKm=50&limit=20',
        member.accessToken,
      ),
    )) as { items: unknown[] };

    const settings = { connections, seconds, warmupSeconds };
    const paths = {
      circle: '/me/alert-circle',
      near: '/sponsors?fellowship=NA&gender=any&lat=40.7&lng=-74&radiusKm=50&limit=20',
      byLanguage: '/sponsors?fellowship=NA&language=es&limit=20',
    };
    // Recorded before any load, so no request left in flight by autocannon is mistaken for this one's SQL.
    const circleSql = await recordEndpoint(base, paths.circle, member.accessToken);
    const nearSql = await recordEndpoint(base, paths.near, member.accessToken);
    const byLanguageSql = await recordEndpoint(base, paths.byLanguage, member.accessToken);
    const alertCircle = await compare(base, paths.circle, member.accessToken, circleSql, db.url, settings);
    const sponsorsNear = await compare(base, paths.near, member.accessToken, nearSql, db.url, settings);
    const sponsorsDefault = await compare(
      base,
      paths.byLanguage,
      member.accessToken,
      byLanguageSql,
      db.url,
      settings,
    );

    const line = (label: string, side: Side): void => {
      say(`  ${label}`);
      say(
        `    http  ${Math.round(side.http.rps)} req/s   p50 ${side.http.p50Ms} ms   p99 ${side.http.p99Ms} ms   non-2xx ${side.http.non2xx}`,
      );
      say(
        `    sql   ${side.sql.perSecond} /s   p50 ${side.sql.p50Ms} ms   p99 ${side.sql.p99Ms} ms   (${side.statements} statement(s) per request)`,
      );
      say(
        `    p99 ratio http/sql ${(side.http.p99Ms / Math.max(side.sql.p99Ms, 0.01)).toFixed(1)}×   throughput ratio ${(side.http.rps / Math.max(side.sql.perSecond, 1)).toFixed(2)}`,
      );
    };
    say();
    say('Homegroup contact-graph benchmark');
    say(`  database   ${db.description}`);
    say(
      `  data       ${sponsorCount} sponsor profiles; the member has ${circle.recipients.length} people in their alert circle; seeded in ${seedSeconds.toFixed(1)} s`,
    );
    say(
      `  load       ${connections} connections, ${warmupSeconds} s warm-up + ${seconds} s measured; baseline = the same SQL with pg from ${connections} loops`,
    );
    say(`  sample     /sponsors near New York returned ${found.items.length} items`);
    line('GET /me/alert-circle', alertCircle);
    line('GET /sponsors (fellowship NA, within 50 km of a point, nearest first)', sponsorsNear);
    line('GET /sponsors (fellowship NA, language es, default order)', sponsorsDefault);
    const problems = [alertCircle, sponsorsNear, sponsorsDefault].reduce(
      (n, s) => n + s.http.non2xx + s.http.errors,
      0,
    );
    if (problems > 0) say(`  WARNING: ${problems} non-2xx responses or errors`);
    say();
    say(
      JSON.stringify({
        bench: 'contact-graph',
        alertCircleP99Ms: alertCircle.http.p99Ms,
        alertCircleRps: Math.round(alertCircle.http.rps),
        alertCircleSqlP99Ms: alertCircle.sql.p99Ms,
        alertCircleSqlPerSec: alertCircle.sql.perSecond,
        alertCircleRecipients: circle.recipients.length,
        sponsorsP99Ms: sponsorsNear.http.p99Ms,
        sponsorsRps: Math.round(sponsorsNear.http.rps),
        sponsorsSqlP99Ms: sponsorsNear.sql.p99Ms,
        sponsorsSqlPerSec: sponsorsNear.sql.perSecond,
        sponsorsDefaultOrderP99Ms: sponsorsDefault.http.p99Ms,
        sponsorsDefaultOrderSqlP99Ms: sponsorsDefault.sql.p99Ms,
        sponsorProfiles: sponsorCount,
        contacts: contactCount,
        connections,
        durationS: seconds,
        non2xx: problems,
      }),
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `bench:contact-graph failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  } finally {
    await client?.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5000).unref();
});
