import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { contractTally } from '../utils/openapi-contract';
import { contractTallyDir } from './test-database';

/**
 * After each e2e file: what the OpenAPI response check validated in it (operation + status → count) and the file's
 * summary lines (contractTally.summaries, e.g. the authorization matrix's), written for the global teardown, which
 * prints the run's total and the lines. Counting only: a violation already failed its test.
 */
afterAll(() => {
  if (contractTally.responses.size === 0 && contractTally.summaries.length === 0) return;
  const dir = contractTallyDir();
  mkdirSync(dir, { recursive: true });
  const name = `${dir}/${randomUUID()}`;
  if (contractTally.responses.size > 0) writeFileSync(`${name}.json`, JSON.stringify(Object.fromEntries(contractTally.responses)));
  if (contractTally.summaries.length > 0) writeFileSync(`${name}.txt`, `${contractTally.summaries.join('\n')}\n`);
  contractTally.responses.clear();
  contractTally.summaries.length = 0;
});
