import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes `<file>.br` and `<file>.gz` beside each text file of the build (once, at build time, at the best
 * ratios), which the api serves by Accept-Encoding (@fastify/static `preCompressed`); nothing compresses per request.
 */
function precompress(): Plugin {
  return {
    name: 'homegroup-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      for (const [file, output] of Object.entries(bundle)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const body = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        writeFileSync(join(dir, `${file}.gz`), gzipSync(body, { level: 9 }));
        writeFileSync(
          join(dir, `${file}.br`),
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        );
      }
    },
  };
}

/**
 * Names every chunk loaded on demand (screens, the QR code library) in index.html, in a `<meta name="homegroup-chunks">`:
 * the service worker precaches every /assets/ file index.html names, so those screens open offline too. Not
 * `<link rel="prefetch">`: Lighthouse's simulated 4G counts prefetches against the first screen (craving screen 92
 * with them, 99 without, same run conditions; docs/benchmarks.md).
 */
function listChunks(): Plugin {
  return {
    name: 'homegroup-list-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {})
          // The chunks those screens share (the strings they bring, ADR 0046) too: every chunk but the entry.
          .filter((output) => output.type === 'chunk' && !output.isEntry)
          .map((output) => output.fileName)
          .sort();
        if (chunks.length === 0) return [];
        return [{ tag: 'meta', attrs: { name: 'homegroup-chunks', content: chunks.map((file) => `/${file}`).join(' ') }, injectTo: 'head' as const }];
      },
    },
  };
}

/**
 * The web app (ADR 0024): built into dist/web, which the api serves at `/`. No inline scripts or styles in the
 * output (the CSP is `script-src 'self'; style-src 'self'`), no module preload polyfill (it is inline).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [preact({ prerender: { enabled: false } }), listChunks(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
