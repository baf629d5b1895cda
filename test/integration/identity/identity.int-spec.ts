import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { AppConfig } from '@homegroup/config';
import { QUEUES } from '@homegroup/contracts';
import { PasswordHasher, RefreshTokenEntity, TokensService, UserEntity, UsersRepository } from '@homegroup/identity';
import { JobsService } from '@homegroup/jobs';
import { createTestDatabase, dropTestDatabase } from '../../setup/test-database';
import { waitFor } from '../../utils/wait-for';

describe('refresh tokens and the worker (real PostgreSQL, real pg-boss)', () => {
  let databaseUrl: string;
  let app: INestApplicationContext;
  let tokens: TokensService;
  let users: UsersRepository;
  let dataSource: DataSource;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    const config = AppConfig.fromEnvironment({
      NODE_ENV: 'test',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
    }).withDatabaseUrl(databaseUrl);
    app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await app.init();
    tokens = app.get(TokensService);
    users = app.get(UsersRepository);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
    await dropTestDatabase(databaseUrl);
  });

  const newUser = async () => {
    const hash = await app.get(PasswordHasher).hash('integration-pw');
    const user = await users.insert({
      email: `int-${randomUUID()}@example.org`,
      passwordHash: hash,
      displayName: 'Int T.',
      timezone: 'UTC',
    });
    if (!user) throw new Error('insert failed');
    return user;
  };

  it('should refuse a second member with the same normalised email (unique index)', async () => {
    const user = await newUser();
    const again = await users.insert({ email: user.email, passwordHash: 'x', displayName: 'Dup', timezone: 'UTC' });
    expect(again).toBeNull();
  });

  it('should load a member by id exactly as TypeORM would hydrate them (the hot auth lookup)', async () => {
    const user = await newUser();
    await users.update(user.id, { cleanDate: '2024-02-29', phone: '+14155550123', fellowships: ['NA', 'SMART'] });
    const fast = await users.findById(user.id);
    const orm = await dataSource.getRepository(UserEntity).findOneByOrFail({ id: user.id });
    // The same entity, but with the phone decrypted (stored encrypted, ADR 0037).
    expect(orm.phone).toMatch(/^v1:/);
    expect(fast).toEqual({ ...orm, phone: '+14155550123' });
    expect(fast?.cleanDate).toBe('2024-02-29');
    expect(fast?.createdAt).toBeInstanceOf(Date);
    expect(await users.findById(randomUUID())).toBeNull();
    expect(await users.findById('not-a-uuid')).toBeNull();
  });

  it('should let exactly one of five concurrent rotations of a token win and revoke the family', async () => {
    const user = await newUser();
    const issued = await tokens.issue(user.id);
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(() => tokens.rotate(issued.refreshToken)));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    // The losers presented a spent token: the family is revoked, including the winner's new token.
    const rows = await dataSource.getRepository(RefreshTokenEntity).findBy({ userId: user.id });
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });

  it('should never store the refresh token secret', async () => {
    const user = await newUser();
    const issued = await tokens.issue(user.id);
    const [id, secret] = issued.refreshToken.split('.');
    const row = await dataSource.getRepository(RefreshTokenEntity).findOneByOrFail({ id });
    expect(row.secretHash.toString('utf8')).not.toContain(secret);
    expect(row.secretHash).toHaveLength(32);
  });

  it('should delete long-expired refresh tokens when the worker runs the cleanup job', async () => {
    const user = await newUser();
    const live = await tokens.issue(user.id);
    const stale = await tokens.issue(user.id);
    const staleId = stale.refreshToken.split('.')[0];
    await dataSource
      .getRepository(RefreshTokenEntity)
      .update({ id: staleId }, { expiresAt: new Date(Date.now() - 3 * 24 * 3600_000) });

    expect(app.get(JobsService).working).toBe(true);
    await app.get(JobsService).send(QUEUES.refreshTokenCleanup, {});
    await waitFor(async () => (await dataSource.getRepository(RefreshTokenEntity).findOneBy({ id: staleId })) === null);
    const liveRow = await dataSource.getRepository(RefreshTokenEntity).findOneBy({ id: live.refreshToken.split('.')[0] });
    expect(liveRow).not.toBeNull();
  });
});
