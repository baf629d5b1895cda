/**
 * Web benchmark: Lighthouse 12 (mobile emulation, simulated throttling: its defaults) on the real app serving the
 * built web app, on the finder (`#/find`, signed out) and the craving screen (`#/craving`, signed in as the demo
 * member Sam), against a baseline in the same run: a bare static HTML page (no script, no CSS) from a bare
 * node:http server. Also the first-load JavaScript of dist/web (the scripts index.html loads), gzip-compressed
 * with zlib.
 *
 *   npm run bench:web     (builds first; embedded PostgreSQL in .data/bench-postgres unless DATABASE_URL)
 *
 * Chromium: Debian's /usr/bin/chromium (CHROMIUM_PATH overrides), headless, --no-sandbox. Lighthouse drives the
 * same Chromium through its DevTools port; the sign-in goes through the sign-in screen first (playwright-core), so
 * the browser holds the httpOnly refresh cookie (ADR 0025) and the audited load resumes the session as a reload
 * would. BENCH_RUNS (1): audits per page; the median run by performance score is reported. BENCH_DETAILS=1: the
 * first items of each audit that did not pass.
 * The last line is one JSON object: the worst of the two app pages for each figure.
 */
import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import lighthouse from 'lighthouse';
import { chromium, type BrowserContext } from 'playwright-core';
import { seedDemoData } from '../../apps/api/src/demo-data';
import { findWebRoot } from '@homegroup/operations';
import { envNumber, say, startBenchApp } from '../support/bench-app';
import { openBenchDatabase, type BenchDatabase } from '../support/bench-database';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_EMAIL = 'sam@demo.homegroup.local';
const DEMO_PASSWORD = 'recovery-demo-1';

/** The baseline: the smallest page Lighthouse has nothing to say about (language, title, description, viewport). */
const BASELINE_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<meta name="description" content="Baseline page"><title>Baseline</title></head><body><main><h1>Baseline</h1><p>Nothing else.</p></main></body></html>';

type PageResult = {
  name: string;
  url: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  cls: number;
  /** Audits in the three categories that did not pass (score < 1, scored or metric ones), for the report. */
  findings: string[];
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function startBaselineServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(BASELINE_HTML);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The scripts index.html loads at first (module entry and modulepreloads), and their gzip size (zlib level 9 and 6). */
function firstLoadJs(webRoot: string): { files: string[]; rawBytes: number; gzipBytes: number } {
  const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const files = [
    ...[...html.matchAll(/<script[^>]*\ssrc="\/([^"]+\.js)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g)].map((m) => m[1]),
  ];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const body = readFileSync(join(webRoot, file));
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files, rawBytes, gzipBytes };
}

/** With BENCH_DETAILS=1: the first items of a failed audit (which console error, which element shifted). */
function details(a: { details?: unknown }): string {
  if (process.env.BENCH_DETAILS !== '1') return '';
  const items = (a.details as { items?: unknown[] } | undefined)?.items ?? [];
  return items.length ? ` ${JSON.stringify(items.slice(0, 3)).slice(0, 600)}` : '';
}

const score = (value: number | null | undefined): number => Math.round((value ?? 0) * 100);

async function audit(name: string, url: string, port: number): Promise<PageResult> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const finalUrl = lhr.finalDisplayedUrl;
  if (!finalUrl.startsWith(url.split('#')[0])) throw new Error(`Lighthouse ended on ${finalUrl}, not ${url}`);
  const metric = (id: string): number => lhr.audits[id]?.numericValue ?? Number.NaN;
  const findings: string[] = [];
  for (const [category, entry] of Object.entries(lhr.categories)) {
    for (const ref of entry.auditRefs) {
      const a = lhr.audits[ref.id];
      if (!a || a.score === null || a.score >= 1) continue;
      if (a.scoreDisplayMode === 'notApplicable' || a.scoreDisplayMode === 'manual' || a.scoreDisplayMode === 'informative') continue;
      findings.push(`${category}/${a.id} (${score(a.score)}${a.displayValue ? `, ${a.displayValue}` : ''})${details(a)}`);
    }
  }
  const shifts = lhr.audits['layout-shifts'];
  if (shifts && process.env.BENCH_DETAILS === '1') findings.push(`layout-shifts${details(shifts)}`);
  return {
    name,
    url,
    performance: score(lhr.categories.performance?.score),
    accessibility: score(lhr.categories.accessibility?.score),
    bestPractices: score(lhr.categories['best-practices']?.score),
    lcpMs: Math.round(metric('largest-contentful-paint')),
    fcpMs: Math.round(metric('first-contentful-paint')),
    tbtMs: Math.round(metric('total-blocking-time')),
    cls: Number(metric('cumulative-layout-shift').toFixed(3)),
    findings,
  };
}

/** `runs` audits of one page; the median by performance score (LCP breaks ties). */
async function auditMedian(name: string, url: string, port: number, runs: number): Promise<PageResult> {
  const results: PageResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await audit(name, url, port));
  results.sort((a, b) => a.performance - b.performance || b.lcpMs - a.lcpMs);
  return results[Math.floor((results.length - 1) / 2)];
}

/** Signs the demo member in through the sign-in screen: the browser keeps the httpOnly refresh cookie. */
async function signIn(context: BrowserContext, origin: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/#/signin`);
    await page.getByLabel(/^Email/).fill(DEMO_EMAIL);
    await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('body[data-live="on"]').waitFor({ timeout: 15_000 });
    const cookies = await context.cookies(`${origin}/api/v1/auth/refresh`);
    if (!cookies.some((c) => c.name === 'hg_refresh' && c.httpOnly)) throw new Error('signed in, but no httpOnly hg_refresh cookie');
  } finally {
    await page.close();
  }
}

const row = (r: PageResult): string =>
  `| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.lcpMs} ms | ${r.fcpMs} ms | ${r.tbtMs} ms | ${r.cls} |`;

async function main(): Promise<number> {
  const runs = envNumber('BENCH_RUNS', 1);
  const webRoot = findWebRoot();
  if (!webRoot) throw new Error('dist/web is missing: run `npm run build` (npm run bench:web does)');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);

  let db: BenchDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let baseline: Server | undefined;
  let context: BrowserContext | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'homegroup-bench-web-'));
  try {
    db = await openBenchDatabase(process.env.DATABASE_URL);
    const started = await startBenchApp(db.url);
    app = started.app;
    const origin = started.origin;
    const demo = await seedDemoData(app, started.config.nodeEnv === 'production' ? 'development' : started.config.nodeEnv);
    const bare = await startBaselineServer();
    baseline = bare.server;

    const port = await freePort();
    // A persistent context is the browser's default one: the pages Lighthouse opens share its cookies.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', `--remote-debugging-port=${port}`],
    });

    const js = firstLoadJs(webRoot);
    say(`web benchmark: Lighthouse ${lighthouseVersion()}, ${CHROMIUM} (${context.browser()?.version() ?? '?'}), mobile emulation, simulated throttling`);
    say(`database: ${db.description}; demo data: ${demo ? `${demo.members} new members, ${demo.meetings} new meetings` : 'none'}`);
    say(`runs per page: ${runs} (median by performance)`);
    say();

    const base = await auditMedian('bare static page (baseline)', `${bare.origin}/`, port, runs);
    const find = await auditMedian('finder #/find (signed out)', `${origin}/#/find`, port, runs);
    await signIn(context, origin);
    const craving = await auditMedian('craving #/craving (Sam, signed in)', `${origin}/#/craving`, port, runs);

    say('| page | performance | accessibility | best practices | LCP | FCP | TBT | CLS |');
    say('|---|---|---|---|---|---|---|---|');
    for (const r of [base, find, craving]) say(row(r));
    say();
    say(`first-load JS: ${js.files.join(', ')}: ${(js.rawBytes / 1024).toFixed(1)} KB raw, ${(js.gzipBytes / 1024).toFixed(1)} KB gzip (zlib -9)`);
    for (const r of [base, find, craving]) {
      say(`${r.name}: ${r.findings.length ? `not passed: ${r.findings.join('; ')}` : 'every scored audit passed'}`);
    }
    say();

    const pages = [find, craving];
    const worst = (pick: (r: PageResult) => number): number => Math.min(...pages.map(pick));
    say(
      JSON.stringify({
        bench: 'web',
        performance: worst((r) => r.performance),
        accessibility: worst((r) => r.accessibility),
        bestPractices: worst((r) => r.bestPractices),
        jsKbGzip: Number((js.gzipBytes / 1024).toFixed(1)),
        lcpMs: Math.max(...pages.map((r) => r.lcpMs)),
        find: { performance: find.performance, accessibility: find.accessibility, bestPractices: find.bestPractices, lcpMs: find.lcpMs },
        craving: { performance: craving.performance, accessibility: craving.accessibility, bestPractices: craving.bestPractices, lcpMs: craving.lcpMs },
        baseline: { performance: base.performance, accessibility: base.accessibility, bestPractices: base.bestPractices, lcpMs: base.lcpMs },
        jsKbRaw: Number((js.rawBytes / 1024).toFixed(1)),
      }),
    );
    return 0;
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    await new Promise<void>((r) => (baseline ? baseline.close(() => r()) : r()));
    await app?.close().catch(() => undefined);
    await db?.stop();
  }
}

function lighthouseVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('lighthouse/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:web failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
