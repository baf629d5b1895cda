import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { contractTally } from '../utils/openapi-contract';
import { contractTallyDir } from './test-database';

/**
 * After each e2e file: what the OpenAPI response check validated in it (operation + status → count), written
 * for the global teardown, which prints the run's total. Counting only: a violation already failed its test.
 */
afterAll(() => {
  if (contractTally.responses.size === 0) return;
  const dir = contractTallyDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${randomUUID()}.json`, JSON.stringify(Object.fromEntries(contractTally.responses)));
  contractTally.responses.clear();
});
