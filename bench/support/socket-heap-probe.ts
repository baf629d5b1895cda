/**
 * What each authenticated socket keeps on the api's heap: starts the real app (as the benchmarks do), writes a
 * heap snapshot with no socket, connects N sockets from a child process (bench/craving-fanout/client.js),
 * writes a second snapshot, and prints the objects that grew, grouped by type and constructor, per socket.
 *
 *   npm run build -s && node --expose-gc dist/bench/support/socket-heap-probe.js          (N = PROBE_SOCKETS, 1000)
 *   node dist/bench/support/socket-heap-probe.js diff before.heapsnapshot after.heapsnapshot 1000
 *
 * PROBE_DIR (default .) is where the snapshots go. PROBE_CONS=1 leaves the tokens as signed (see below). PROBE_BARE=1 weighs the bare Socket.IO baseline instead of the app. PROBE_TOP (default 40) rows are printed.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { JWT_AUDIENCE, JWT_ISSUER } from '@homegroup/identity';
import { envNumber, heapAfterGc, say, sleep, startBenchApp } from './bench-app';
import { openBenchDatabase } from './bench-database';
import { startSocketIoBaseline } from './socketio-baseline';

const EMAIL_DOMAIN = 'heap-probe.bench.homegroup.local';

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  strings: string[];
};

type Row = { key: string; count: number; size: number };

/** Self size and count per `type:name` (strings and code grouped by type only). */
function aggregate(file: string): Map<string, Row> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const rows = new Map<string, Row>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]];
    const grouped = ['string', 'concatenated string', 'sliced string', 'code', 'number', 'hidden', 'array'];
    const name = grouped.includes(type) ? '' : snap.strings[snap.nodes[i + nameAt]].slice(0, 80);
    const key = `${type}:${name}`;
    const row = rows.get(key) ?? { key, count: 0, size: 0 };
    row.count += 1;
    row.size += snap.nodes[i + sizeAt];
    rows.set(key, row);
  }
  return rows;
}

export function diffSnapshots(before: string, after: string, sockets: number, top: number): void {
  const a = aggregate(before);
  const b = aggregate(after);
  const grown: Row[] = [];
  for (const [key, row] of b) {
    const old = a.get(key) ?? { key, count: 0, size: 0 };
    grown.push({ key, count: row.count - old.count, size: row.size - old.size });
  }
  grown.sort((x, y) => y.size - x.size);
  const total = grown.reduce((n, r) => n + r.size, 0);
  say(`total growth ${(total / 1024 / sockets).toFixed(2)} KB per socket (${sockets} sockets)`);
  say('   bytes/socket  objects/socket  type:name');
  for (const row of grown.slice(0, top)) {
    say(
      `${(row.size / sockets).toFixed(0).padStart(14)}  ${(row.count / sockets).toFixed(2).padStart(14)}  ${row.key}`,
    );
  }
}

async function probe(): Promise<void> {
  const count = Math.round(envNumber('PROBE_SOCKETS', 1000));
  const top = Math.round(envNumber('PROBE_TOP', 40));
  const bare = process.env.PROBE_BARE === '1';
  const db = await openBenchDatabase(process.env.DATABASE_URL);
  const started = await startBenchApp(db.url);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(`DELETE FROM users WHERE email LIKE $1`, [`%@${EMAIL_DOMAIN}`]);
  const rows = await client.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, timezone)
     SELECT 'probe-' || g || '@' || $2, 'not-a-hash', 'Probe ' || g, 'UTC' FROM generate_series(1, $1::int) g
     RETURNING id`,
    [count, EMAIL_DOMAIN],
  );
  const ids = rows.rows.map((r) => r.id);
  const jwt = started.app.get(JwtService, { strict: false });
  const signed = await Promise.all(
    ids.map(async (userId) => ({
      userId,
      auth: bare
        ? { userId }
        : {
            token: await jwt.signAsync(
              { sub: userId, typ: 'access' },
              {
                expiresIn: started.config.auth.accessTtlSeconds,
                issuer: JWT_ISSUER,
                audience: JWT_AUDIENCE,
                algorithm: 'HS256',
              },
            ),
          },
    })),
  );
  // Flat copies: a signed JWT is a cons string, and sending it to the child flattens it in place, which
  // allocates ~280 B per token in this process between the two snapshots (PROBE_CONS=1 keeps that effect).
  const specs = process.env.PROBE_CONS === '1' ? signed : (JSON.parse(JSON.stringify(signed)) as typeof signed);
  const baseline = bare ? await startSocketIoBaseline(new Map()) : undefined;
  const origin = baseline?.origin ?? started.origin;

  const child = fork(join(__dirname, '../craving-fanout/client.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (message: unknown): Promise<{ kind: string }> =>
    new Promise((resolve) => {
      child.once('message', (m: { kind: string }) => resolve(m));
      child.send(message as never);
    });

  // One round first so lazily created singletons (first connection, first query) are in both snapshots.
  await ask({ kind: 'connect', origin, sockets: specs.slice(0, 20), batch: 20 });
  await sleep(500);
  await ask({ kind: 'disconnect' });
  await sleep(1000);

  const heap0 = await heapAfterGc();
  const dir = process.env.PROBE_DIR ?? '.';
  const label = bare ? 'bare' : 'app';
  const before = writeHeapSnapshot(join(dir, `socket-heap-${label}-0.heapsnapshot`));
  await heapAfterGc();
  const answer = await ask({ kind: 'connect', origin, sockets: specs, batch: 200 });
  say(`connect: ${JSON.stringify(answer)}`);
  await sleep(2000);
  const heap1 = await heapAfterGc();
  const after = writeHeapSnapshot(join(dir, `socket-heap-${label}-${count}.heapsnapshot`));
  say(
    `${bare ? 'bare Socket.IO' : 'app'}: heapUsed ${((heap1 - heap0) / 1024 / count).toFixed(2)} KB per socket; snapshots ${before} ${after}`,
  );
  child.send({ kind: 'exit' });
  await baseline?.close();
  await client.query(`DELETE FROM users WHERE email LIKE $1`, [`%@${EMAIL_DOMAIN}`]).catch(() => undefined);
  await client.end();
  await started.app.close();
  await db.stop();
  diffSnapshots(before, after, count, top);
}

if (process.argv[2] === 'diff') {
  diffSnapshots(process.argv[3], process.argv[4], Number(process.argv[5] ?? 1), Number(process.argv[6] ?? 40));
} else {
  void probe().then(
    () => setTimeout(() => process.exit(0), 500).unref(),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
