import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildFuzzWorld, PagingProbe, snapshotOf, type FuzzWorld } from '../../factories/fuzz-world.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';
import {
  FIELD_BREAKERS,
  describePath,
  minimalValue,
  mutationArbitrary,
  NASTY_VALUES,
  pathsOf,
  setAt,
  validArbitrary,
  type Labelled,
  type OpenApiDocument,
  type Schema,
  type ValueContext,
} from '../../utils/openapi-fuzz';
import { connectSocket, type TestSocket } from '../../utils/socket-client';

/**
 * Issue 9, the socket half of the fuzzing: every event the server handles (found by reading the
 * `@SubscribeMessage(...)` decorators in libs/, so a new event is fuzzed without touching this file) gets
 * malformed payloads over a real socket.io-client with a real token. Properties: an ack always comes and is never a
 * 5xx-style error or a leak, the server stays up (health, new connections), the other member's data is unchanged,
 * and after each event's batch a craving still pages its circle. Seeded (FUZZ_SEED) and bounded (FUZZ_RUNS).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 90_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 16) * 3;

/** The payload schema of an event, where the OpenAPI document has one (the same DTO as the HTTP route). */
const EVENT_SCHEMAS: Record<string, (doc: OpenApiDocument) => Schema | undefined> = {
  'craving.create': (doc) => doc.components?.schemas?.CreateCravingDto,
  'craving.acknowledge': (doc) => {
    const ack = doc.components?.schemas?.AcknowledgeCravingDto ?? {};
    return {
      type: 'object',
      required: ['cravingId'],
      properties: { cravingId: { type: 'string', format: 'uuid' }, ...ack.properties },
    };
  },
};

const LEAK = /\n\s+at\s|\bat [\w.$<>]+ \([^)]*:\d+:\d+\)|node_modules|QueryFailedError|violates .* constraint|invalid input syntax|syntax error at or near|relation "|column "|SQLSTATE|Maximum call stack|\bSELECT\b[\s\S]{1,200}\bFROM\b/;

function handledEvents(): string[] {
  const events = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/@SubscribeMessage\(\s*'([^']+)'/g)) events.add(m[1]);
    }
  };
  walk(join(__dirname, '../../../libs'));
  walk(join(__dirname, '../../../apps'));
  return [...events].sort();
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function show(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'string' && v.length > 60) return `${v.slice(0, 12)}…(${v.length} chars)`;
    if (Array.isArray(v) && v.length > 12) return [...(v as unknown[]).slice(0, 3), `…(${v.length} items)`];
    if (Buffer.isBuffer(v)) return `<Buffer ${v.length} bytes>`;
    return v;
  });
  if (text === undefined) return 'undefined';
  return text.length > 300 ? `${text.slice(0, 150)}…(${text.length} chars)` : text;
}

type SocketCase = { shape: string; args: unknown[]; expectAck: boolean; mayDisconnect?: boolean };

const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i += 1) v = [v];
  return v;
};

/** Whole-payload breakages every event gets (beside the per-field ones built from its schema). */
const WHOLE_PAYLOADS: SocketCase[] = [
  { shape: 'no payload', args: [], expectAck: true },
  ...NASTY_VALUES.map((n: Labelled): SocketCase => ({ shape: `payload: ${n.label}`, args: [n.value], expectAck: true })),
  { shape: 'payload: arrays nested 2000 deep', args: [deep(2000)], expectAck: true },
  { shape: 'payload: binary attachment', args: [Buffer.from([0, 1, 2, 255])], expectAck: true },
  { shape: 'payload: object holding binary', args: [{ cravingId: Buffer.alloc(16), intensity: Buffer.from('5') }], expectAck: true },
  { shape: 'two payloads', args: [{}, { intensity: 5 }], expectAck: true },
  { shape: 'payload over the 64 KB socket limit', args: [{ note: 'n'.repeat(70_000) }], expectAck: true, mayDisconnect: true },
];

describe('contract: fuzzing every socket event', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let world: FuzzWorld;

  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true, env: { LOG_LEVEL: 'warn' } });
    doc = (await t.api.get<OpenApiDocument>('/openapi.json')).body;
    world = await buildFuzzWorld(t);
  }, 120_000);

  let opened = (): void => undefined;

  afterAll(async () => {
    opened();
    await t?.close();
  });

  it('should ack every malformed payload without a 5xx or a leak, stay up and keep paging', async () => {
    const events = handledEvents();
    expect(events).toEqual(expect.arrayContaining(['craving.create', 'craving.acknowledge', 'ping']));
    const ctx: ValueContext = { doc, uuids: world.uuids };
    const failures = new Map<string, { count: number; repro: string; cause: string }>();
    const pagingFailures: string[] = [];
    const paging = new PagingProbe(t);
    const otherBefore = await snapshotOf(t.api, world.other);
    const sockets: TestSocket[] = [];
    const connectCaller = async (): Promise<TestSocket> => {
      const s = await connectSocket(t.baseUrl, world.caller.member.accessToken);
      sockets.push(s);
      return s;
    };
    let socket: TestSocket = await connectCaller();
    opened = () => {
      for (const s of sockets) s.io.engine?.close();
      for (const s of sockets) s.close();
      paging.close();
    };
    let cases = 0;
    let fiveXx = 0;
    let logOffset = 0;
    const started = Date.now();

    const fail = (event: string, c: SocketCase, problem: string): void => {
      const logged = t.logs().slice(logOffset);
      const cause = [...new Set(logged.split('\n').filter(Boolean).map((line) => {
        try {
          const entry = JSON.parse(line) as { msg?: string; stack?: string };
          const frame = /((?:apps|libs)\/[\w/.-]+:\d+)/.exec(entry.stack ?? '')?.[1];
          return `${entry.msg ?? ''}${frame ? ` @ ${frame}` : ''}`;
        } catch {
          return line.slice(0, 200);
        }
      }))].join(' | ').slice(0, 300);
      const key = `${event} | ${c.shape} | ${problem}`;
      const seen = failures.get(key);
      const repro = `socket.emit(${JSON.stringify(event)}${c.args.map((a) => `, ${show(a)}`).join('')}${c.expectAck ? ', ack' : ''}) as member`;
      if (seen) seen.count += 1;
      else failures.set(key, { count: 1, repro, cause });
    };

    const targets = [...events, 'craving.delete', 'unknown.event', '__proto__'];
    for (const [index, event] of targets.entries()) {
      const handled = events.includes(event);
      const schema = Object.hasOwn(EVENT_SCHEMAS, event) ? EVENT_SCHEMAS[event](doc) : undefined;
      const eventCases: SocketCase[] = [...WHOLE_PAYLOADS];
      if (schema) {
        const minimal = minimalValue(schema, ctx) as Record<string, unknown>;
        for (const fieldPath of pathsOf(minimalWithAll(schema)).filter((p) => p.length > 0))
          for (const breaker of FIELD_BREAKERS)
            eventCases.push({ shape: `${describePath(fieldPath)}: ${breaker.label}`, args: [setAt(minimal, fieldPath, breaker.value)], expectAck: true });
        const generated = fc.sample(
          validArbitrary(schema, ctx).chain((base) => mutationArbitrary(base).map((m) => ({ m, value: m.apply(base) }))),
          { seed: SEED + index, numRuns: RUNS },
        );
        for (const { m, value } of generated)
          eventCases.push({ shape: `${describePath(m.path).replace(/\[\d+\]/g, '[]')}: ${m.label}`, args: [value], expectAck: true });
      }

      for (const c of eventCases) {
        // Packets over the server's limit (64 KB, realtime-io.adapter.ts) close the connection by design: no ack,
        // but the server must stay up and take the member back (checked below).
        if ((JSON.stringify(c.args) ?? '').length > 60 * 1024) c.mayDisconnect = true;
        cases += 1;
        logOffset = t.logs().length;
        if (!socket.connected) socket = await connectCaller();
        const expectAck = handled && c.expectAck;
        let ack: unknown;
        try {
          if (expectAck) ack = await socket.timeout(5000).emitWithAck(event as 'ping', ...(c.args as [Record<string, never>]));
          else (socket.emit as (e: string, ...a: unknown[]) => void)(event, ...c.args);
        } catch (error) {
          if (!c.mayDisconnect) fail(event, c, socket.connected ? 'no ack within 5 s' : `disconnected (${error instanceof Error ? error.message : 'error'})`);
          continue;
        }
        const status = (ack as { error?: { statusCode?: unknown } } | undefined)?.error?.statusCode;
        if (typeof status === 'number' && status >= 500) {
          fiveXx += 1;
          fail(event, c, `ack ${status}`);
        }
        if (ack !== undefined && LEAK.test(JSON.stringify(ack))) fail(event, c, 'leak in the ack');
        if (!expectAck || c.mayDisconnect) {
          // The server must still answer this connection (or, after an over-limit packet, a new one).
          if (!socket.connected) socket = await connectCaller();
          try {
            await socket.timeout(5000).emitWithAck('ping', {});
          } catch {
            if (!c.mayDisconnect) fail(event, c, 'the connection stopped answering');
          }
        }
      }

      const health = await t.api.get('/health');
      if (health.status !== 200) pagingFailures.push(`after ${event}: /health ${health.status}`);
      const paged = await paging.check();
      if (paged) pagingFailures.push(`after ${event}: ${paged}`);
    }
    opened();

    const otherAfter = await snapshotOf(t.api, world.other);
    const report = [...failures].map(([key, f]) => `${key} ×${f.count}\n      cause: ${f.cause || '(nothing logged)'}\n      repro: ${f.repro}`);
    say(
      `socket-fuzz seed=${SEED} runs=${RUNS}: ${events.length} handled events (${events.join(', ')}) + ${targets.length - events.length} unknown, ` +
        `${cases} cases run, 5xx seen: ${fiveXx} (${report.length} failure classes), paging checks: ${paging.checks} ` +
        `(${pagingFailures.length} failed), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (report.length) say(`socket-fuzz failures (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS / 3}):\n${report.join('\n')}`);
    expect(pagingFailures).toEqual([]);
    expect(otherAfter).toEqual(otherBefore);
    expect(report).toEqual([]);
  }, 300_000);
});

/** Every documented property present (the per-field breakers walk them). */
function minimalWithAll(schema: Schema): Record<string, unknown> {
  return Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, 'x']));
}
