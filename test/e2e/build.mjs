// Bundles the end-to-end suite (test/e2e/suite/*.ts) to test/e2e/out/*.js for the extension host.
// `vscode` and `mocha` stay external: the extension host provides the first, node_modules the second.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const entryPoints = fs.readdirSync(path.join(dir, 'suite')).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, 'suite', f));
await esbuild.build({
  entryPoints,
  outdir: path.join(dir, 'out'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.error(`[e2e] bundled ${entryPoints.length} suite files to test/e2e/out`);
