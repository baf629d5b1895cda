import fc from 'fast-check';
import { buildFuzzWorld, pathTargets, PagingProbe, snapshotOf, type FuzzWorld } from '../../factories/fuzz-world.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';
import {
  CONTENT_TYPES,
  describePath,
  documentOperations,
  FIELD_BREAKERS,
  fullValue,
  pathsOf,
  setAt,
  minimalValue,
  mutationArbitrary,
  nastyArbitrary,
  PATH_VALUES,
  QUERY_VALUES,
  RAW_BODIES,
  validArbitrary,
  type Labelled,
  type Mutation,
  type OpenApiDocument,
  type Operation,
  type Schema,
  type ValueContext,
} from '../../utils/openapi-fuzz';
import { encodeLoose, rawRequest, type RawResponse } from '../../utils/raw-http';

/**
 * Issue 9, "Fuzzing from the OpenAPI document": every operation of the app's own /openapi.json gets bodies,
 * queries and path parameters built from its schema and then broken, sent as a real member with a real token
 * (and anonymously, and with bad tokens). Properties: never a 5xx (nor a dropped connection), never a stack trace,
 * SQL or a PostgreSQL message in a body, the other member's data unchanged, and after every operation's batch a
 * craving still pages its circle over a real socket. Seeded (FUZZ_SEED) and bounded (FUZZ_RUNS per operation).
 * See docs/testing.md.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 90_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 16);

type Identity = 'member' | 'anonymous' | 'malformed token' | 'token of a deleted-looking JWT';

type FuzzCase = {
  identity: Identity;
  /** Path parameter values as sent (encoded) with what they are. */
  path: Record<string, Labelled<string>>;
  query: { pairs: string[]; label?: string; where?: string };
  body?:
    | { kind: 'json'; value: unknown; mutation?: Mutation }
    | { kind: 'raw'; contentType?: string; bytes: string | Buffer; label: string };
  /** What was broken, for grouping ("body.note: string with NUL"). */
  shape: string;
};

type Failure = {
  op: string;
  shape: string;
  status: number;
  problem: string;
  cause: string;
  repro: string;
  size: number;
};

const LEAKS: [string, RegExp][] = [
  ['stack trace', /\n\s+at\s|\bat [\w.$<>]+ \([^)]*:\d+:\d+\)|node_modules|(apps|libs)\/[\w/-]+\.(ts|js)/],
  ['SQL', /\bSELECT\b[\s\S]{1,200}\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+"?\w+"?\s+SET\b|\bDELETE\s+FROM\b/i],
  [
    'PostgreSQL message',
    /QueryFailedError|duplicate key value|violates (foreign key|unique|check|not-null) constraint|invalid input syntax for|relation "[^"]+" does not exist|column "[^"]+"|syntax error at or near|invalid byte sequence|unterminated quoted|SQLSTATE|out of range for type|Maximum call stack/,
  ],
];

/** What a client that decoded a cursor might put back into one of its fields. */
const CURSOR_BREAKERS: Labelled[] = [
  { label: '36 hex characters', value: 'abcdef0123456789abcdef0123456789abcd' },
  { label: 'not a uuid', value: 'not-a-uuid' },
  { label: 'impossible timestamp', value: '2024-13-45T99:99:99Z' },
  { label: 'huge number', value: 1e308 },
  { label: 'negative number', value: -1 },
  { label: 'empty string', value: '' },
];

const BAD_TOKENS: Record<Exclude<Identity, 'member' | 'anonymous'>, string> = {
  'malformed token': 'Bearer not.a.jwt',
  // alg "none", sub of a random uuid, no signature
  'token of a deleted-looking JWT':
    'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiI1ZjBjOGE4ZS0zZjBlLTRmOWUtOWQ4ZS0wYzFmMmUzZDRjNWIiLCJleHAiOjQxMDI0NDQ4MDB9.',
};

/** One line (or block) on the test output; Jest shows a worker's stdout as it comes. */
function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Shortens huge values so a reproduction fits in a line (no tokens or passwords of real members in it). */
function show(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'string' && v.length > 60) return `${v.slice(0, 12)}…(${v.length} chars)`;
    if (Array.isArray(v) && v.length > 12) return [...(v as unknown[]).slice(0, 3), `…(${v.length} items)`];
    return v;
  });
  if (text === undefined) return 'undefined';
  return text.length > 300 ? `${text.slice(0, 150)}…(${text.length} chars)…${text.slice(-40)}` : text;
}

function showBytes(bytes: string | Buffer): string {
  const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : bytes;
  const shown = text.length > 120 ? `${text.slice(0, 40)}…(${text.length} bytes)…${text.slice(-20)}` : text;
  return JSON.stringify(shown);
}

function operationsOf(doc: OpenApiDocument): { method: string; template: string; op: Operation }[] {
  const ops = documentOperations(doc);
  // Destructive operations last (so the caller's resources exist for the rest), deleting the account very last.
  const rank = (m: string, p: string): number =>
    m === 'DELETE' && p === '/api/v1/me' ? 3 : m === 'DELETE' || /\/(end|withdraw|decline|logout)$/.test(p) ? 2 : 1;
  return ops.sort((a, b) => rank(a.method, a.template) - rank(b.method, b.template));
}

describe('contract: fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let world: FuzzWorld;

  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true, env: { LOG_LEVEL: 'warn' } });
    doc = (await t.api.get<OpenApiDocument>('/openapi.json')).body;
    world = await buildFuzzWorld(t);
    fitExamplesToFixtures(doc);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('should answer every broken input without a 5xx or a leak, leave others\u2019 data alone and keep paging', async () => {
    const ctx: ValueContext = { doc, uuids: world.uuids };
    const ops = operationsOf(doc);
    const failures: Failure[] = [];
    const pagingFailures: string[] = [];
    const covered = new Set<string>();
    let cases = 0;
    let fiveXx = 0;
    const safetyNets = new Map<string, number>();
    const statuses = new Map<number, number>();
    const paging = new PagingProbe(t);
    const otherBefore = await snapshotOf(t.api, world.other);
    const started = Date.now();

    for (const [index, { method, template, op }] of ops.entries()) {
      const name = `${method} ${template}`;
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema: Schema | undefined = op.requestBody?.content['application/json']?.schema;
      const isPublic = !op.security || op.security.length === 0;

      const validPath = (choose: (i: number) => number): Record<string, Labelled<string>> =>
        Object.fromEntries(
          pathParams.map((p, i) => {
            const targets = pathTargets(world, template, p.name);
            return [p.name, targets[choose(i) % targets.length]];
          }),
        );

      const generated = fc.sample(caseArbitrary(), { seed: SEED + index, numRuns: RUNS });
      const fixed = [...fixedCases(), ...(await craftedCursorCases())];

      for (const c of [...generated, ...fixed]) {
        logOffset = t.logs().length;
        const res = await send(c);
        const logged = causeFromLogs();
        // The mapper's safety nets (class 22/23 → 400/409, logged at warn): not a 5xx, but a gap in validation.
        const net = /Database error (2\w{4})/.exec(logged);
        if (net) safetyNets.set(`${name} | ${c.shape} | ${net[1]}`, (safetyNets.get(`${name} | ${c.shape} | ${net[1]}`) ?? 0) + 1);
        cases += 1;
        covered.add(name);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problems = problemsOf(res);
        if (process.env.FUZZ_DEBUG) say(`${res.status} ${name} ${c.shape} ${res.text.slice(0, 150)}`);
        if (res.status >= 500) fiveXx += 1;
        for (const problem of problems) failures.push(await describeFailure(c, res, problem, logged));
      }

      const paged = await paging.check();
      if (paged) pagingFailures.push(`after ${name}: ${paged}`);
      if (index % 12 === 11 || index === ops.length - 1) {
        const otherNow = await snapshotOf(t.api, world.other);
        expect({ after: name, data: otherNow }).toEqual({ after: name, data: otherBefore });
      }

      // --- per operation ---
      function caseArbitrary(): fc.Arbitrary<FuzzCase> {
        const targets = ['valid'];
        if (bodySchema) targets.push('body', 'body', 'body');
        if (queryParams.length) targets.push('query', 'query');
        if (pathParams.length) targets.push('path');
        const identity: fc.Arbitrary<Identity> = isPublic
          ? fc.constantFrom<Identity>('anonymous', 'member')
          : fc.oneof(
              { weight: 8, arbitrary: fc.constant<Identity>('member') },
              { weight: 1, arbitrary: fc.constantFrom<Identity>('anonymous', 'malformed token', 'token of a deleted-looking JWT') },
            );
        const body = bodySchema ? validArbitrary(bodySchema, ctx) : fc.constant(undefined);
        const query = fc.tuple(...queryParams.map((p) => fc.option(validArbitrary(p.schema, ctx), { nil: undefined, freq: 2 })));
        return fc
          .record({
            target: fc.constantFrom(...targets),
            identity,
            pathChoice: fc.array(fc.nat(10), { minLength: pathParams.length, maxLength: pathParams.length }),
            body,
            query,
          })
          .chain((r) => {
            const base: FuzzCase = {
              identity: r.identity,
              path: validPath((i) => r.pathChoice[i] ?? 0),
              query: { pairs: queryPairs(r.query) },
              body: bodySchema ? { kind: 'json', value: r.body } : undefined,
              shape: 'valid input',
            };
            if (r.target === 'body') {
              return mutationArbitrary(r.body).map(
                (m): FuzzCase => ({
                  ...base,
                  body: { kind: 'json', value: m.apply(r.body), mutation: m },
                  shape: `body${m.path.length ? '.' : ''}${generalise(describePath(m.path))}: ${m.label}`,
                }),
              );
            }
            if (r.target === 'query') {
              return fc
                .tuple(
                  fc.nat(queryParams.length - 1),
                  fc.oneof(
                    fc.constantFrom(...QUERY_VALUES),
                    nastyArbitrary.map((n) => ({ label: n.label, value: encodeLoose(typeof n.value === 'string' ? n.value : JSON.stringify(n.value) ?? '') })),
                  ),
                )
                .map(([i, v]): FuzzCase => {
                  const key = queryParams[i].name;
                  const pairs = base.query.pairs.filter((p) => !p.startsWith(`${key}=`));
                  pairs.push(`${key}=${v.value}`);
                  return { ...base, query: { pairs }, shape: `query.${key}: ${v.label}` };
                });
            }
            if (r.target === 'path') {
              return fc.tuple(fc.nat(pathParams.length - 1), fc.constantFrom(...PATH_VALUES)).map(([i, v]): FuzzCase => ({
                ...base,
                path: { ...base.path, [pathParams[i].name]: v },
                shape: `path.${pathParams[i].name}: ${v.label}`,
              }));
            }
            return fc.constant({ ...base, shape: r.identity === 'member' ? 'valid input' : `valid input, ${r.identity}` });
          });
      }

      function queryPairs(values: unknown[]): string[] {
        const pairs: string[] = [];
        values.forEach((v, i) => {
          if (v === undefined) return;
          const key = queryParams[i].name;
          const list = Array.isArray(v) ? v : [v];
          for (const item of list) pairs.push(`${key}=${encodeLoose(typeof item === 'string' ? item : String(item))}`);
        });
        return pairs;
      }

      /** The same broken inputs for every operation: raw bodies, content types, each path and query parameter. */
      function fixedCases(): FuzzCase[] {
        const base: FuzzCase = {
          identity: isPublic ? 'anonymous' : 'member',
          path: validPath(() => 0),
          query: { pairs: [] },
          shape: '',
        };
        const out: FuzzCase[] = [];
        if (bodySchema || method !== 'GET') {
          const rawList = bodySchema ? RAW_BODIES : RAW_BODIES.filter((r) => /unterminated|deep array|over 1 MB/.test(r.label));
          for (const raw of rawList)
            out.push({ ...base, body: { kind: 'raw', contentType: 'application/json', bytes: raw.value, label: raw.label }, shape: `raw body: ${raw.label}` });
          const valid = bodySchema ? JSON.stringify(minimalValue(bodySchema, ctx)) : '{}';
          for (const ct of bodySchema ? CONTENT_TYPES : CONTENT_TYPES.slice(0, 1))
            out.push({
              ...base,
              body: { kind: 'raw', contentType: ct.value.contentType, bytes: ct.value.body === '{}' ? valid : ct.value.body, label: ct.label },
              shape: ct.label,
            });
        }
        if (bodySchema) {
          // Every documented field, one at a time, on the smallest valid body: the breakers every field must survive.
          const minimal = minimalValue(bodySchema, ctx) as Record<string, unknown>;
          const full = fullValue(bodySchema, ctx);
          for (const fieldPath of pathsOf(full).filter((p) => p.length > 0)) {
            const top = fieldPath[0] as string;
            const start = { ...minimal, [top]: (full as Record<string, unknown>)[top] };
            for (const breaker of FIELD_BREAKERS)
              out.push({
                ...base,
                body: { kind: 'json', value: setAt(start, fieldPath, breaker.value) },
                shape: `body.${generalise(describePath(fieldPath))}: ${breaker.label}`,
              });
          }
        }
        for (const p of pathParams)
          for (const v of PATH_VALUES)
            out.push({ ...base, ...(bodySchema ? { body: { kind: 'json', value: minimalValue(bodySchema, ctx) } } : {}), path: { ...base.path, [p.name]: v }, shape: `path.${p.name}: ${v.label}` });
        for (const p of queryParams) {
          out.push({ ...base, query: { pairs: [`${p.name}=1`, `${p.name}=2`] }, shape: `query.${p.name}: repeated key` });
          out.push({ ...base, query: { pairs: [`${p.name}[a]=1`, `${p.name}[]=2`] }, shape: `query.${p.name}: bracket keys` });
        }
        return out;
      }

      /**
       * Cursors are opaque (base64url JSON): take a real nextCursor of this operation (limit=1), break each of its
       * fields and encode it again, as a client that looked inside would.
       */
      async function craftedCursorCases(): Promise<FuzzCase[]> {
        if (!queryParams.some((p) => p.name === 'cursor') || method !== 'GET') return [];
        const base: FuzzCase = { identity: 'member', path: validPath(() => 0), query: { pairs: [] }, shape: '' };
        const first = await send({ ...base, query: { pairs: ['limit=1'] } });
        let fields: Record<string, unknown> = { id: world.uuids[0] };
        let text: string | undefined;
        try {
          const cursor = (JSON.parse(first.text) as { nextCursor?: string }).nextCursor;
          if (cursor) {
            text = Buffer.from(cursor, 'base64url').toString('utf8');
            fields = JSON.parse(text) as Record<string, unknown>;
            text = undefined;
          }
        } catch {
          // not JSON inside: break the text's parts below (or keep the guessed shape)
        }
        if (text !== undefined) {
          // A cursor that is not JSON inside (e.g. "<ISO time>|<uuid>"): break each separated part in place.
          const parts = text.split('|');
          const b64 = (v: string): string => Buffer.from(v, 'utf8').toString('base64url');
          return parts.flatMap((_, i) =>
            [...CURSOR_BREAKERS, { label: 'NUL', value: 'a\u0000b' }, { label: 'lone surrogate', value: '\ud800' }].map(
              (breaker): FuzzCase => ({
                ...base,
                query: { pairs: [`cursor=${b64(parts.map((p, j) => (j === i ? String(breaker.value) : p)).join('|'))}`] },
                shape: `query.cursor (crafted) part ${i + 1} of ${parts.length}: ${breaker.label}`,
              }),
            ),
          );
        }
        const encode = (v: unknown): string => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
        const out: FuzzCase[] = [];
        for (const key of Object.keys(fields)) {
          for (const breaker of [...CURSOR_BREAKERS, ...FIELD_BREAKERS.slice(0, 5)])
            out.push({ ...base, query: { pairs: [`cursor=${encode({ ...fields, [key]: breaker.value })}`] }, shape: `query.cursor (crafted).${key}: ${breaker.label}` });
          const { [key]: _gone, ...rest } = fields;
          out.push({ ...base, query: { pairs: [`cursor=${encode(rest)}`] }, shape: `query.cursor (crafted): ${key} removed` });
        }
        for (const other of [[], 'text', 12, null, { ...fields, extra: 1 }])
          out.push({ ...base, query: { pairs: [`cursor=${encode(other)}`] }, shape: `query.cursor (crafted): ${JSON.stringify(other).slice(0, 20)}` });
        return out;
      }

      async function send(c: FuzzCase): Promise<RawResponse> {
        let path = template;
        for (const [k, v] of Object.entries(c.path)) path = path.replace(`{${k}}`, v.value);
        if (c.query.pairs.length) path += `?${c.query.pairs.join('&')}`;
        const headers: Record<string, string> = {};
        if (c.identity === 'member') headers.authorization = `Bearer ${world.caller.member.accessToken}`;
        else if (c.identity !== 'anonymous') headers.authorization = BAD_TOKENS[c.identity];
        let body: string | Buffer | undefined;
        if (c.body?.kind === 'json') {
          body = JSON.stringify(c.body.value);
          if (body !== undefined) headers['content-type'] = 'application/json';
        } else if (c.body?.kind === 'raw') {
          body = c.body.bytes;
          if (c.body.contentType) headers['content-type'] = c.body.contentType;
        }
        return rawRequest(t.baseUrl, { method, path, headers, body });
      }

      function problemsOf(res: RawResponse): string[] {
        const out: string[] = [];
        if (res.status === 0) out.push(`no answer (${res.failure ?? 'closed'})`);
        else if (res.status >= 500) out.push(`${res.status}`);
        for (const [leak, pattern] of LEAKS) if (pattern.test(res.text)) out.push(`${leak} in the body`);
        return out;
      }

      async function describeFailure(c: FuzzCase, res: RawResponse, problem: string, cause: string): Promise<Failure> {
        // Minimise: the same breakage on the smallest valid body; keep it when it still fails the same way.
        let repro = c;
        if (c.body?.kind === 'json' && c.body.mutation && bodySchema) {
          const smaller: FuzzCase = { ...c, query: { pairs: [] }, body: { ...c.body, value: c.body.mutation.apply(minimalValue(bodySchema, ctx)) } };
          const again = await send(smaller);
          if (problemsOf(again).includes(problem)) repro = smaller;
          causeFromLogs();
        }
        let path = template;
        for (const [k, v] of Object.entries(repro.path)) path = path.replace(`{${k}}`, `{${v.label}}`);
        if (repro.query.pairs.length) path += `?${repro.query.pairs.map((p) => (p.length > 80 ? `${p.slice(0, 40)}…(${p.length} chars)` : p)).join('&')}`;
        const auth = repro.identity === 'member' ? ' as member' : ` ${repro.identity}`;
        const body =
          repro.body?.kind === 'json'
            ? ` json ${show(repro.body.value)}`
            : repro.body?.kind === 'raw'
              ? ` [${repro.body.contentType ?? 'no content-type'}] ${showBytes(repro.body.bytes)}`
              : '';
        const text = `${method} ${path}${auth}${body}`;
        return { op: name, shape: c.shape, status: res.status, problem, cause, repro: text, size: text.length };
      }
    }

    paging.close();
    const otherAfter = await snapshotOf(t.api, world.other);

    // Group failures by operation, input shape and problem; one minimal reproduction each.
    const classes = new Map<string, Failure & { count: number }>();
    for (const f of failures) {
      const key = `${f.op} | ${f.shape} | ${f.problem}`;
      const seen = classes.get(key);
      if (!seen) classes.set(key, { ...f, count: 1 });
      else {
        seen.count += 1;
        if (f.size < seen.size) Object.assign(seen, { repro: f.repro, size: f.size, cause: f.cause || seen.cause });
      }
    }
    const report = [...classes.entries()].map(
      ([key, f]) => `${key} ×${f.count}\n      cause: ${f.cause || '(nothing logged)'}\n      repro: ${f.repro}`,
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(
      `openapi-fuzz seed=${SEED} runs=${RUNS}: ${covered.size}/${ops.length} operations covered, ${cases} cases run, ` +
        `5xx seen: ${fiveXx} (${failures.length} failures in ${classes.size} classes), safety-net 4xx shapes: ${safetyNets.size}, paging checks: ${paging.checks} ` +
        `(${pagingFailures.length} failed), ${seconds} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    if (safetyNets.size)
      say(
        `openapi-fuzz: ${safetyNets.size} input shapes reached PostgreSQL and were refused by the error mapper's safety net ` +
          `(4xx, but a gap in validation):\n${[...safetyNets].map(([k, n]) => `${k} ×${n}`).join('\n')}`,
      );
    if (report.length) say(`openapi-fuzz failures (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}):\n${report.join('\n')}`);

    expect(covered.size).toBe(ops.length);
    expect(pagingFailures).toEqual([]);
    expect(otherAfter).toEqual(otherBefore);
    expect(report).toEqual([]);

    /** The warn/error lines the app logged since the last call (route, error name, first frame of our code). */
    function causeFromLogs(): string {
      const all = t.logs();
      const fresh = all.slice(logOffset);
      logOffset = all.length;
      const lines = fresh.split('\n').filter(Boolean);
      const causes = lines.filter((line) => !line.includes('request completed')).map((line) => {
        try {
          const entry = JSON.parse(line) as { msg?: string; stack?: string; err?: { stack?: string }; context?: string };
          const stack = entry.stack ?? entry.err?.stack ?? '';
          const frame = /((?:apps|libs)\/[\w/.-]+:\d+)/.exec(stack)?.[1] ?? /at ([^\n]+)/.exec(stack)?.[1] ?? '';
          return `${entry.msg ?? ''}${frame ? ` @ ${frame}` : ''}`;
        } catch {
          return line.slice(0, 200);
        }
      });
      return [...new Set(causes)].join(' | ').slice(0, 400);
    }
  }, 600_000);

  let logOffset = 0;
});

/**
 * Where validity depends on the fixtures rather than the schema, the base values are set here (in the test's copy of
 * the document) so that a breakage elsewhere in the body is what the server judges: the fixture meetings meet on
 * Mondays, so an exception's example date must be a Monday, and a move is the kind that reads `moveTo`.
 */
function fitExamplesToFixtures(doc: OpenApiDocument): void {
  const props = (name: string): Record<string, Schema> => doc.components?.schemas?.[name]?.properties ?? {};
  const exception = props('CreateMeetingExceptionDto');
  if (exception.date) exception.date.example = '2030-01-14';
  if (exception.kind) exception.kind.example = 'move';
  const moved = props('MovedOccurrenceDto');
  if (moved.date) moved.date.example = '2030-01-15';
}

/** `meetings[3].slug` → `meetings[].slug` so one shape groups one class. */
function generalise(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}
