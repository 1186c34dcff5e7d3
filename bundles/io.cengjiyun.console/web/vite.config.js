// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// Built into the bundle's classes (Maven's generate-resources runs `npm run build -- --outDir ...`), served at / by
// ConsoleIndex (index.html, for every console route) and ConsoleAssets (/console-assets/*, hashed, kept a year).
// Absolute asset paths ('/'): the console routes with clean paths, so /services/shop/appmaps/dev loads the same files.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  // JSX for Preact without a plugin: vite's own transformer (oxc) with Preact's automatic runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../target/classes/web/console',
    emptyOutDir: true,
    assetsDir: 'console-assets',
    sourcemap: false,
    // No inline script or style: the page's Content-Security-Policy allows this origin's files only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: {
    // `npm run dev` against a platform running on :8080 (./run.sh): the API, the terminal and its WebSocket go there.
    host: '127.0.0.1',
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/terminal': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
