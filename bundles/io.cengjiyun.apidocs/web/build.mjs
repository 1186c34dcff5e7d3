// Copies Swagger UI's two files from node_modules and the page into the output folder (argument, default dist/).
// No bundler: swagger-ui-bundle.js is already a self-contained browser build.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
const out = process.argv[2] || 'dist';
mkdirSync(out, { recursive: true });
const dist = 'node_modules/swagger-ui-dist';
for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css']) copyFileSync(join(dist, f), join(out, f));
for (const f of ['index.html', 'docs.js']) copyFileSync(join('src', f), join(out, f));
console.log(`API docs page written to ${out}/`);
