import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { contractTallyDir, templateDatabase } from './test-database';

type TestPg = { stop: () => Promise<void>; dir: string };
type GlobalWithPg = typeof globalThis & { __homegroupTestPg?: TestPg };

/**
 * One line: how many responses the OpenAPI check validated, over how many of the document's operations; then the
 * summary line of each contract file that left one (the authorization matrix).
 */
function printContractTally(): void {
  const dir = contractTallyDir();
  if (!existsSync(dir)) return;
  const counts = new Map<string, number>();
  const summaries: string[] = [];
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (file.endsWith('.txt')) {
      summaries.push(...text.split('\n').filter(Boolean));
      continue;
    }
    const tally = JSON.parse(text) as Record<string, number>;
    for (const [key, n] of Object.entries(tally)) counts.set(key, (counts.get(key) ?? 0) + n);
  }
  rmSync(dir, { recursive: true, force: true });
  const document = JSON.parse(readFileSync(resolve(__dirname, '../../openapi/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const methods = new Set(['get', 'put', 'post', 'patch', 'delete']);
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => methods.has(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
  const seen = new Set([...counts.keys()].map((key) => key.slice(0, key.lastIndexOf(' '))));
  const documentedStatuses = new Set(counts.keys());
  const responses = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const missing = operations.filter((operation) => !seen.has(operation));
  process.stdout.write(
    `\nOpenAPI response check: ${responses} responses validated, ${operations.length - missing.length}/${operations.length} operations and ` +
      `${documentedStatuses.size} (operation, status) pairs exercised (a violation fails the test that saw it)` +
      (missing.length > 0 && missing.length <= 12 ? `; not exercised through ApiClient: ${missing.join(', ')}` : '') +
      '\n' +
      summaries.map((line) => `${line}\n`).join(''),
  );
}

export default async function globalTeardown(): Promise<void> {
  printContractTally();
  const admin = process.env.HOMEGROUP_TEST_ADMIN_URL;
  if (admin && process.env.DATABASE_URL) {
    const client = new Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${templateDatabase()}" WITH (FORCE)`).catch(() => undefined);
    await client.end();
  }
  const pg = (globalThis as GlobalWithPg).__homegroupTestPg;
  if (pg) {
    await pg.stop();
    rmSync(pg.dir, { recursive: true, force: true });
  }
}
