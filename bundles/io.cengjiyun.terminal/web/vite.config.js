// Copyright the Cengjiyun authors.
// SPDX-License-Identifier: Apache-2.0

// Built into the bundle's classes (Maven's generate-resources runs `npm run build`), served at /terminal/ by
// TerminalPage. Relative asset paths ('./'): the page works under any path the platform serves it at.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: '../target/classes/web/terminal',
    emptyOutDir: true,
    // One file per kind is plenty for a page this small; no source maps in the bundle.
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // `npm run dev` against a platform running on :8080 (./run.sh): the API and the WebSocket go there.
    host: '127.0.0.1',
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
