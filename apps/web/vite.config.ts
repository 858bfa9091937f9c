import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `npm run build:web`: the UI into dist/web, which the hub serves at `/` (WebUiModule).
 * scripts/build.mjs builds it into dist/.staging/web (`--outDir`) and moves it into place.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The size the bench reports is gzip; Vite prints it too.
    reportCompressedSize: true,
  },
  server: {
    // `npx vite apps/web` during development, against a hub on the default port.
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
