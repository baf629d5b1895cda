#!/usr/bin/env node
// The registry mirror this project is built against serves only Linux builds of platform-specific
// optional packages (@swc/core-darwin-*, @unrs/resolver-binding-win32-*, …), so `npm install` leaves
// them out of package-lock.json and `npm ci` then refuses the lock as out of sync. This adds an entry
// (name, version, os, cpu, optional) for each optional dependency the lock declares but does not hold.
// npm skips entries for other platforms, and on those platforms fetches them by name and version.
// Run after changing dependencies: `npm install && node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const prefix = path ? `${path}/node_modules/` : 'node_modules/';
    if (lock.packages[`${prefix}${name}`] || lock.packages[`node_modules/${name}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.find((p) => CPU.includes(p));
    if (!os && !cpu) continue;
    const item = { version: version.replace(/^[\^~=]/, '') };
    if (entry.dev) item.dev = true;
    item.optional = true;
    if (cpu) item.cpu = [cpu];
    if (os) item.os = [os];
    if (cpu === 'wasm32') item.cpu = ['wasm32'];
    lock.packages[`node_modules/${name}`] = item;
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lockfile: added ${added} entries for other platforms\n`);
