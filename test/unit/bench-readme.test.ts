// The README's benchmark table is generated from bench/results.json (the one source of the
// figures): it must not drift from it.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../..');

describe('README benchmark table', () => {
  it('is what scripts/gen-readme-bench.mjs renders from bench/results.json (run it after npm run bench)', () => {
    execFileSync(process.execPath, [path.join(root, 'scripts/gen-readme-bench.mjs'), '--check'], { cwd: root, stdio: 'pipe' });
    const results = JSON.parse(fs.readFileSync(path.join(root, 'bench/results.json'), 'utf8'));
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const p95 = results.server?.keystrokeToDiagnostics350KB?.p95Ms;
    assert.ok(typeof p95 === 'number' && readme.includes(`p95 ${p95} ms`), 'the keystroke figure is in the README');
  });
});
