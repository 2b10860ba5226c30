// The CLI: `citations FILE --format json`, document kind from the extension, usage errors exit 2.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'server', 'src', 'cli.ts');

function run(args: string[]) {
  return spawnSync(process.execPath, ['-r', 'tsx/cjs', CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
}

describe('cli', function () {
  this.timeout(60000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-cli-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON object per citation with parts and resolvesTo', function () {
    const f = path.join(dir, 'brief.txt');
    fs.writeFileSync(f, 'See Graham v. Connor, 490 U.S. 386, 396 (1989); Jones v. Clark, 630 F.3d 677, 679 (7th Cir. 2011). Id. at 680. Graham, 490 U.S. at 397.');
    const r = run(['citations', f, '--format', 'json']);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.strictEqual(out.length, 4);
    assert.deepStrictEqual(
      out.map((o) => [o.kind, o.resolution, o.resolvesTo]),
      [
        ['full-case', 'resolved', 'Graham v. Connor, 490 U.S. 386 (1989)'],
        ['full-case', 'resolved', 'Jones v. Clark, 630 F.3d 677 (7th Cir. 2011)'],
        ['id', 'ambiguous', null], // after a string citation of two authorities
        ['short-case', 'resolved', 'Graham v. Connor, 490 U.S. 386 (1989)'],
      ],
    );
    assert.strictEqual(out[0]!.name, 'Graham v. Connor');
    assert.strictEqual(out[0]!.volume, 490);
    assert.strictEqual(out[0]!.reporter, 'U.S.');
    assert.strictEqual(out[0]!.page, 386);
    assert.deepStrictEqual(out[0]!.pins, ['396']);
    assert.strictEqual(out[1]!.court, '7th Cir.');
    assert.strictEqual(out[1]!.year, 2011);
    const text = fs.readFileSync(f, 'utf8');
    assert.strictEqual(text.slice(out[3]!.start as number, out[3]!.end as number), 'Graham, 490 U.S. at 397');
  });

  it('reads Markdown and LaTeX by extension', function () {
    const md = path.join(dir, 'brief.md');
    fs.writeFileSync(md, '*Graham v. Connor*, 490 U.S. 386 (1989).');
    const tex = path.join(dir, 'brief.tex');
    fs.writeFileSync(tex, '\\textit{Graham v.~Connor}, 490~U.S. 386 (1989).');
    for (const f of [md, tex]) {
      const r = run(['citations', f, '--format', 'json']);
      assert.strictEqual(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Record<string, unknown>[];
      assert.strictEqual(out[0]!.name, 'Graham v. Connor', f);
    }
  });

  it('bad arguments print usage and exit 2', function () {
    for (const args of [[], ['nope'], ['citations'], ['citations', 'a', 'b'], ['citations', 'x.txt', '--format', 'xml'], ['citations', 'x.txt', '--bogus']]) {
      const r = run(args);
      assert.strictEqual(r.status, 2, JSON.stringify(args));
      assert.match(r.stderr, /usage: pincite/);
    }
  });

  it('a missing file is an error, not a crash', function () {
    const r = run(['citations', path.join(dir, 'missing.txt')]);
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /cannot read/);
  });
});
