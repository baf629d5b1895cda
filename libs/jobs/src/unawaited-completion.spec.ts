import PgBoss from 'pg-boss';
import { createRequire } from 'node:module';
import { guardUnawaitedCompletion } from './jobs.service';

type Completion = (name: string, id: string, data?: unknown, options?: { db: unknown }) => Promise<unknown>;

describe('pg-boss completion while PostgreSQL is down', () => {
  // pg-boss's worker calls `this.complete(...)` / `this.fail(...)` without awaiting them. Jest fails a test on an
  // unhandled rejection, as Node ends the worker on one: the unawaited calls below would without the guard.
  it('should handle and log the rejection of an unawaited complete or fail, and still reject for a caller that awaits', async () => {
    const logged: string[] = [];
    guardUnawaitedCompletion((message) => logged.push(message));
    const manager = createRequire(require.resolve('pg-boss'))('./manager') as {
      prototype: { complete: Completion; fail: Completion };
    };
    const down = {
      executeSql: () => Promise.reject(new Error('terminating connection due to administrator command')),
    };
    const self = Object.create(manager.prototype) as { complete: Completion; fail: Completion };
    void self.complete('craving-escalation', 'job-1', undefined, { db: down });
    void self.fail('craving-escalation', 'job-2', undefined, { db: down });
    await expect(self.complete('craving-escalation', 'job-3', undefined, { db: down })).rejects.toThrow(
      /administrator command/,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged.filter((m) => m.startsWith('pg-boss complete failed'))).toHaveLength(2);
    expect(logged.filter((m) => m.startsWith('pg-boss fail failed'))).toHaveLength(1);
  });

  it('should keep complete and fail on a PgBoss instance (pg-boss promotes the manager\'s methods by their names)', () => {
    guardUnawaitedCompletion(() => undefined);
    const boss = new PgBoss({ connectionString: 'postgres://127.0.0.1:1/none' });
    expect(typeof boss.complete).toBe('function');
    expect(typeof boss.fail).toBe('function');
  });
});
