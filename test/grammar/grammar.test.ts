// Runs the TextMate grammar tests through their CLIs so `npm test` covers them:
//   - vscode-tmgrammar-test: scope assertions in test/grammar/*.test.brief;
//   - vscode-tmgrammar-snap: committed snapshots for a .brief file, and for Markdown and LaTeX
//     (the injection grammar), using small stand-in host grammars from test/grammar/stubs/.
// Update snapshots after an intended grammar change with `npm run test:grammar:update`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const cliDir = path.join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist');

function run(script: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe('TextMate grammars', function () {
  this.timeout(60_000);

  it('the committed grammars are what syntaxes/src/gen-grammars.mjs generates', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-grammar-'));
    try {
      const r = run(path.join(root, 'syntaxes', 'src', 'gen-grammars.mjs'), ['--out', tmp]);
      assert.equal(r.status, 0, r.out);
      for (const f of ['brief.tmLanguage.json', 'citations.injection.json']) {
        assert.equal(
          fs.readFileSync(path.join(root, 'syntaxes', f), 'utf8'),
          fs.readFileSync(path.join(tmp, f), 'utf8'),
          `syntaxes/${f} is stale: run node syntaxes/src/gen-grammars.mjs`,
        );
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('scope assertions pass (vscode-tmgrammar-test)', () => {
    const cases = fs.readdirSync(path.join(root, 'test', 'grammar')).filter((f) => f.endsWith('.test.brief'));
    assert.ok(cases.length > 0, 'no assertion files found');
    const r = run(path.join(cliDir, 'unit.js'), ['-c', 'test/grammar/*.test.brief']);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /citations\.test\.brief/);
  });

  const snaps: { name: string; args: string[]; dir: string }[] = [
    { name: '.brief files', dir: 'brief', args: ['test/grammar/snap/brief/*.brief'] },
    {
      name: 'Markdown (injection)',
      dir: 'markdown',
      args: ['-g', 'test/grammar/stubs/markdown.tmLanguage.json', '-s', 'text.html.markdown', 'test/grammar/snap/markdown/*.md'],
    },
    {
      name: 'LaTeX (injection)',
      dir: 'latex',
      args: ['-g', 'test/grammar/stubs/latex.tmLanguage.json', '-s', 'text.tex.latex', 'test/grammar/snap/latex/*.tex'],
    },
  ];
  for (const s of snaps) {
    it(`snapshots match for ${s.name} (vscode-tmgrammar-snap)`, () => {
      const dir = path.join(root, 'test', 'grammar', 'snap', s.dir);
      const sources = fs.readdirSync(dir).filter((f) => !f.endsWith('.snap'));
      assert.ok(sources.length > 0);
      for (const f of sources) assert.ok(fs.existsSync(path.join(dir, `${f}.snap`)), `missing snapshot for ${f}`);
      const r = run(path.join(cliDir, 'snapshot.js'), s.args);
      assert.equal(r.status, 0, r.out);
    });
  }

  it('the injection reaches Markdown prose but not code', () => {
    const snap = fs.readFileSync(path.join(root, 'test', 'grammar', 'snap', 'markdown', 'brief.md.snap'), 'utf8');
    assert.match(snap, /markup\.italic\.markdown entity\.name\.party\.plaintiff\.pincite/);
    const codeLines = snap.split('\n').filter((l) => /markup\.(fenced_code|inline\.raw)/.test(l));
    assert.ok(codeLines.length > 0);
    for (const l of codeLines) assert.doesNotMatch(l, /\.pincite/);
  });
});
