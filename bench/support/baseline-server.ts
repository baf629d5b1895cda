import type { AddressInfo } from 'node:net';
import { fastify, type FastifyInstance } from 'fastify';
import { Pool } from 'pg';

export type BaselineServer = {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  close: () => Promise<void>;
};

type UserRow = {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  timezone: string;
  country: string | null;
  phone: string | null;
  clean_date: string | Date | null;
  fellowships: string[];
  languages: string[];
  coping_list: string[];
  gender: string | null;
  role: string;
  sponsor_gender_preference: string;
  created_at: Date;
  updated_at: Date;
};

/** The same columns the app's per-request member lookup reads for UserEntity, by primary key. */
const SELECT_USER =
  'SELECT "id", "email", "password_hash", "display_name", "timezone", "country", "phone", "clean_date", ' +
  '"fellowships", "languages", "coping_list", "gender", "sponsor_gender_preference", "role", "created_at", ' +
  '"updated_at" FROM "users" WHERE "id" = $1';

/** The `sub` claim of a JWT, read WITHOUT checking the signature (the baseline verifies nothing). */
function unverifiedSubject(authorization: string | undefined): string | undefined {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

/** TypeORM hands `date` columns over as 'YYYY-MM-DD' strings; node-postgres parses them to Date by default. */
function dateOnly(value: string | Date | null): string | null {
  if (value === null || typeof value === 'string') return value;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/**
 * The floor the Nest route is compared with: bare Fastify, one route GET /me, no auth check, no hooks,
 * doing the one query the Nest JwtStrategy does per request on a pg.Pool of the same size, and answering
 * the same JSON shape as ProfileResponseDto.
 */
export async function startBaselineServer(databaseUrl: string, poolSize: number): Promise<BaselineServer> {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolSize,
    application_name: 'homegroup-bench-baseline',
  });
  // An idle client losing its connection (e.g. the server stopping while pool.end() is still closing sockets)
  // must not crash the process; the next query simply gets a new client.
  pool.on('error', () => undefined);
  const server: FastifyInstance = fastify({ logger: false });

  server.get('/me', async (request, reply) => {
    const id = unverifiedSubject(request.headers.authorization);
    if (!id) return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'No token' });
    const result = await pool.query<UserRow>(SELECT_USER, [id]);
    const user = result.rows[0];
    if (!user)
      return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'No such account' });
    return {
      id: user.id,
      displayName: user.display_name,
      email: user.email,
      timezone: user.timezone,
      country: user.country,
      phone: user.phone,
      cleanDate: dateOnly(user.clean_date),
      fellowships: user.fellowships,
      languages: user.languages,
      copingList: user.coping_list,
      gender: user.gender,
      sponsorGenderPreference: user.sponsor_gender_preference,
      createdAt: user.created_at.toISOString(),
    };
  });

  try {
    await server.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await pool.end();
    throw error;
  }
  const { port } = server.server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      await pool.end();
    },
  };
}
