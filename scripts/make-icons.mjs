// Draws the app icons (ADR 0026) locally, with no image library and nothing downloaded: six people in a circle
// around a centre, white on the app's accent green, full bleed (so "maskable" crops keep the 80 % safe zone).
// Writes apps/web/public/icon.svg, icon-192.png and icon-512.png. Run: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const out = new URL('../apps/web/public/', import.meta.url);
const BG = [0x0b, 0x5c, 0x4b];
const FG = [0xff, 0xff, 0xff];
// Shapes on a unit square: people (discs) on a ring of radius 0.27, a centre disc.
const people = Array.from({ length: 6 }, (_, i) => {
  const a = (i / 6) * 2 * Math.PI - Math.PI / 2;
  return { x: 0.5 + 0.27 * Math.cos(a), y: 0.5 + 0.27 * Math.sin(a), r: 0.075 };
});
const discs = [...people, { x: 0.5, y: 0.5, r: 0.1 }];

function coverage(px, py, size) {
  // 4×4 supersampling for smooth edges.
  let hits = 0;
  for (let sy = 0; sy < 4; sy += 1) {
    for (let sx = 0; sx < 4; sx += 1) {
      const x = (px + (sx + 0.5) / 4) / size;
      const y = (py + (sy + 0.5) / 4) / size;
      if (discs.some((d) => (x - d.x) ** 2 + (y - d.y) ** 2 <= d.r ** 2)) hits += 1;
    }
  }
  return hits / 16;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size) {
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) {
      const c = coverage(x, y, size);
      for (let i = 0; i < 3; i += 1) row[1 + x * 3 + i] = Math.round(BG[i] * (1 - c) + FG[i] * c);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const hex = (rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="${hex(BG)}"/>${discs
  .map((d) => `<circle cx="${(d.x * 100).toFixed(2)}" cy="${(d.y * 100).toFixed(2)}" r="${(d.r * 100).toFixed(2)}" fill="${hex(FG)}"/>`)
  .join('')}</svg>\n`;

writeFileSync(new URL('icon.svg', out), svg);
for (const size of [192, 512]) writeFileSync(new URL(`icon-${size}.png`, out), png(size));
console.log('wrote icon.svg, icon-192.png, icon-512.png');
