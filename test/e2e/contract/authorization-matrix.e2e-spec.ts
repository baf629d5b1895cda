import {
  buildMatrixWorld,
  PRINCIPAL_LABELS,
  PRINCIPALS,
  type MarkerName,
  type MatrixWorld,
  type Principal,
} from '../../factories/matrix-world.factory';
import type { ApiResponse } from '../../utils/api-client';
import { createTestApp, type TestApp } from '../../utils/create-test-app';
import { contractTally } from '../../utils/openapi-contract';
import { documentOperations, type OpenApiDocument } from '../../utils/openapi-fuzz';
import { laneOf, PHASES, rowName, suggestRow, TABLE, VISIBILITY, type Row } from './authorization-table';

/**
 * Issue 11, "an authorization matrix generated from the OpenAPI document": every operation of the app's own
 * /openapi.json × eleven principals (anonymous, a stranger, the owner, the owner's sponsor, phone-list contact, meeting
 * phone-list peer, the lead of another group, the co-lead of the owner's groups, an admin, a member the owner blocked,
 * an erased member's token), over real HTTP against the world of test/factories/matrix-world.factory.ts. Each cell's
 * status must be the table's (authorization-table.ts), every 2xx answer to anyone but the owner is scanned for the
 * owner's private values (unique markers), and an operation without a row fails the first test. See docs/testing.md.
 */

const READ_CONCURRENCY = 6;

type Cell = { row: Row; p: Principal };

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function bodyText(res: ApiResponse<unknown>): string {
  // iCalendar folds long lines (CRLF + space): unfold, so a marker split by a fold is still found.
  if (typeof res.body === 'string') return res.body.replace(/\r\n[ \t]/g, '');
  return JSON.stringify(res.body) ?? '';
}

/** A body for a failure message: tokens never printed, long bodies cut. */
function short(text: string): string {
  const shown = text.replace(/"(accessToken|refreshToken)":"[^"]*"/g, '"$1":"(not printed)"');
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next];
        next += 1;
        await work(item);
      }
    }),
  );
}

describe('contract: the authorization matrix (every operation × every principal)', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let world: MatrixWorld;
  let worldSeconds = 0;

  beforeAll(async () => {
    const started = Date.now();
    t = await createTestApp();
    doc = (await t.api.get<OpenApiDocument>('/openapi.json')).body;
    world = await buildMatrixWorld(t);
    worldSeconds = (Date.now() - started) / 1000;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('should have a row for every operation of the document, and no row for an operation it does not have', () => {
    const operations = documentOperations(doc);
    const inTable = new Set(TABLE.map((r) => r.op));
    const inDocument = new Set(operations.map((o) => o.name));
    const missing = operations.filter((o) => !inTable.has(o.name));
    const extra = [...inTable].filter((op) => !inDocument.has(op));
    const seen = new Set<string>();
    const duplicates = TABLE.map(rowName).filter((name) => (seen.has(name) ? true : (seen.add(name), false)));
    const problems: string[] = [];
    if (missing.length > 0) {
      problems.push(
        `${missing.length} operation(s) of the document have no row in test/e2e/contract/authorization-table.ts. ` +
          `Add one per operation to TABLE (the resource it targets and who gets what; start from these and correct them):\n` +
          missing.map((o) => `  ${suggestRow(o.name, o.op)}`).join('\n'),
      );
    }
    if (extra.length > 0) {
      problems.push(`Rows for operations the document does not have (renamed or removed? fix or delete them): ${extra.join(', ')}`);
    }
    if (duplicates.length > 0) problems.push(`Rows that repeat an operation and variant (give each a distinct variant): ${duplicates.join(', ')}`);
    expect(problems.join('\n\n')).toBe('');
  });

  it('should answer every cell as the table says and never show anyone but the owner what they may not see', async () => {
    const started = Date.now();
    const inDocument = new Set(documentOperations(doc).map((o) => o.name));
    const rows = TABLE.filter((r) => inDocument.has(r.op));
    const markers = Object.entries(world.markers) as [MarkerName, string][];
    const mismatches: string[] = [];
    const leaks: string[] = [];
    const errors: string[] = [];
    const seenByOwner = new Set<MarkerName>();
    const seenWhereShared = new Set<MarkerName>();
    let cells = 0;
    let scanned = 0;

    async function runCell({ row, p }: Cell): Promise<void> {
      const [method, template] = row.op.split(' ');
      const name = `${rowName(row)} as ${p}`;
      let res: ApiResponse<unknown>;
      try {
        const request = row.request(world, p);
        let path = template.replace(/^\/api\/v1(?=\/)/, '').replace(/\{(\w+)\}/g, (_whole, param: string) => {
          const value = request.path?.[param];
          if (value === undefined) throw new Error(`the row gives no value for {${param}}`);
          return encodeURIComponent(value);
        });
        if (request.query) path += `?${request.query}`;
        const token = p === 'anonymous' ? undefined : world.members[p].accessToken;
        res = await t.api.request(method, path, request.body, { token });
      } catch (error) {
        errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      cells += 1;
      const expected = row.expect[p];
      if (res.status !== expected) {
        mismatches.push(`${name} — ${PRINCIPAL_LABELS[p]}: expected ${expected}, got ${res.status} ${short(bodyText(res))}`);
      }
      if (res.status < 200 || res.status >= 300) return;
      const text = bodyText(res);
      if (p !== 'owner' && text !== '') scanned += 1;
      for (const [marker, value] of markers) {
        if (!text.includes(value)) continue;
        const visibility = VISIBILITY[marker];
        if (p === 'owner') seenByOwner.add(marker);
        else if (visibility.visibleTo.includes(p)) seenWhereShared.add(marker);
        else if (visibility.alsoIn?.some((e) => e.p === p && e.op === row.op)) continue;
        else leaks.push(`${name} (${res.status}): the body holds the owner's ${marker} — ${VISIBILITY[marker].because}`);
      }
      if (row.after) {
        try {
          await row.after({ w: world, api: t.api, p, res });
        } catch (error) {
          errors.push(`${name}: undoing the cell failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }

    for (const phase of PHASES) {
      const phaseStarted = Date.now();
      const phaseRows = rows.filter((r) => r.phase === phase);
      if (phase === 'read') {
        // Reads change nothing: all cells at once, a few in flight.
        await inPool(
          phaseRows.flatMap((row) => PRINCIPALS.map((p) => ({ row, p }))),
          READ_CONCURRENCY,
          runCell,
        );
      } else {
        // Writes one cell at a time within a lane, in the table's order, each undone or rebuilt by its row's `after`;
        // the lanes (laneOf: what the rows change) side by side.
        const lanes = new Map<string, Row[]>();
        for (const row of phaseRows) {
          const lane = phase === 'write' ? laneOf(row.op) : phase;
          lanes.set(lane, [...(lanes.get(lane) ?? []), row]);
        }
        await Promise.all(
          [...lanes.values()].map(async (laneRows) => {
            for (const row of laneRows) {
              const rowStarted = Date.now();
              for (const p of PRINCIPALS) await runCell({ row, p });
              if (process.env.MATRIX_DEBUG) say(`  ${Date.now() - rowStarted} ms ${rowName(row)}`);
            }
          }),
        );
      }
      if (process.env.MATRIX_DEBUG) say(`phase ${phase}: ${phaseRows.length} rows, ${((Date.now() - phaseStarted) / 1000).toFixed(1)} s`);
    }

    const notSeenByOwner = markers.map(([m]) => m).filter((m) => !seenByOwner.has(m));
    const sharedButNeverSeen = markers.map(([m]) => m).filter((m) => VISIBILITY[m].visibleTo.length > 0 && !seenWhereShared.has(m));
    const operations = new Set(rows.map((r) => r.op)).size;
    const line =
      `authorization matrix: ${operations}/${inDocument.size} operations in ${rows.length} rows × ${PRINCIPALS.length} principals = ${cells} cells, ` +
      `${mismatches.length} unexpected statuses; 2xx bodies scanned (not the owner's): ${scanned}, ${markers.length} private values, ` +
      `${leaks.length} leaks; ${((Date.now() - started) / 1000).toFixed(1)} s (+ ${worldSeconds.toFixed(1)} s world)`;
    say(line);
    contractTally.summaries.push(line);
    for (const [title, list] of [
      ['unexpected statuses', mismatches],
      ['leaks', leaks],
      ['cells that could not run', errors],
    ] as const) {
      if (list.length > 0) say(`authorization matrix, ${title} (${list.length}):\n  ${list.join('\n  ')}`);
    }

    expect(errors).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(leaks).toEqual([]);
    // The scan proves something only if the values are really there: the owner's answers show every one of them, and
    // every value the product shares with someone reaches them.
    expect({ notSeenByOwner, sharedButNeverSeen }).toEqual({ notSeenByOwner: [], sharedButNeverSeen: [] });
  }, 300_000);
});
