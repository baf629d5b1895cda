// The web app's typed client (apps/web/src/api/schema.d.ts) must be what `npm run web:api` makes from the
// committed openapi/openapi.json: a contract change without a regenerated client fails CI (ADR 0024).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const committed = 'apps/web/src/api/schema.d.ts';
const dir = mkdtempSync(join(tmpdir(), 'hg-web-api-'));
try {
  const fresh = join(dir, 'schema.d.ts');
  execFileSync(
    process.execPath,
    ['node_modules/openapi-typescript/bin/cli.js', 'openapi/openapi.json', '--default-non-nullable', 'false', '-o', fresh],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    process.stderr.write(`${committed} is stale: run \`npm run web:api\` and commit the result\n`);
    process.exit(1);
  }
  process.stdout.write(`${committed} matches openapi/openapi.json\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
