// The check command: output format, exit codes, --fix, and refusal to overwrite a changed file.
// Runs runCheck in-process (dist/cli.js dispatches `check` to it once cli.ts wires it).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../../../server/src/cli-check';

const briefs = path.resolve(__dirname, '../../fixtures/briefs');

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await fn();
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

describe('cli check', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-check-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints file:line:col severity code message and exits 1 on errors', async () => {
    const f = path.join(tmp, 'b.md');
    fs.copyFileSync(path.join(briefs, 'errors.md'), f);
    const r = await capture(() => runCheck([f]));
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+ error pin-missing-comma A comma separates`, 'm'));
    assert.match(r.out, /^ {4}fix: /m);
  });

  it('exits 0 on a brief with no errors, and prints JSON with --format json', async () => {
    const f = path.join(tmp, 'ok.txt');
    fs.writeFileSync(f, 'Scott v. Harris, 550 U.S. 372, 380 (2007).\n');
    const r = await capture(() => runCheck([f, '--format', 'json']));
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), []);
  });

  it('--fix writes the fix-all result', async () => {
    const f = path.join(tmp, 'b.md');
    fs.copyFileSync(path.join(briefs, 'errors.md'), f);
    await capture(() => runCheck([f, '--fix']));
    const fixed = fs.readFileSync(f, 'utf8');
    assert.ok(fixed.includes('883 F.3d 941, 944'));
    assert.ok(fixed.includes('Tennessee v.\nGarner'));
    assert.deepEqual(fs.readdirSync(tmp), ['b.md'], 'no temp file left behind');
  });

  it('--fix refuses a file that changed on disk since it was read', async () => {
    const f = path.join(tmp, 'b.md');
    fs.copyFileSync(path.join(briefs, 'errors.md'), f);
    const edited = fs.readFileSync(f, 'utf8') + '\nA new paragraph the writer just typed.\n';
    const r = await capture(() => runCheck([f, '--fix'], { beforeRename: async () => fs.writeFileSync(f, edited) }));
    assert.equal(r.code, 2);
    assert.match(r.err, /refusing to write .*changed on disk/);
    assert.equal(fs.readFileSync(f, 'utf8'), edited);
    assert.deepEqual(fs.readdirSync(tmp), ['b.md']);
  });

  it('exits 2 on a usage error', async () => {
    const r = await capture(() => runCheck(['--format', 'xml', 'x.md']));
    assert.equal(r.code, 2);
  });
});
