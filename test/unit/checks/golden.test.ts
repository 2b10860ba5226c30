// Golden brief: the diagnostics a user sees for test/fixtures/briefs/errors.md and its text after
// fix-all, committed and reviewed in the diff. Regenerate with UPDATE_GOLDEN=1.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { check, applyFixes } from '../../../server/src/engine/checks';
import { AuthorityTable } from '../../../server/src/engine/table';
import type { DocKind } from '../../../server/src/engine/types';

const dir = path.resolve(__dirname, '../../fixtures/briefs');
const table = AuthorityTable.bundled();
const update = process.env.UPDATE_GOLDEN === '1';

function golden(file: string, actual: string): void {
  const p = path.join(dir, file);
  if (update) fs.writeFileSync(p, actual);
  assert.equal(actual, fs.readFileSync(p, 'utf8'), `${file} differs (UPDATE_GOLDEN=1 to regenerate, then review the diff)`);
}

describe('checks: golden brief errors.md', () => {
  const text = fs.readFileSync(path.join(dir, 'errors.md'), 'utf8');
  const findings = check(text, 'markdown', { table, settings: {} });

  it('gives the expected diagnostics', () => {
    const shown = findings.map((f) => ({ code: f.code, severity: f.severity, start: f.start, end: f.end, text: text.slice(f.start, f.end), message: f.message }));
    golden('errors.expected.json', JSON.stringify(shown, null, 2) + '\n');
  });

  it('fix-all gives the expected text, and a second fix-all changes nothing', () => {
    const once = applyFixes(text, findings);
    golden('errors.fixed.md', once);
    let cur = once;
    for (let k = 0; k < 3; k++) cur = applyFixes(cur, check(cur, 'markdown', { table, settings: {} }));
    const twice = applyFixes(cur, check(cur, 'markdown', { table, settings: {} }));
    assert.equal(twice, cur);
  });

  it('fixes only replace what they cover: text outside every edit is untouched', () => {
    for (const f of findings) for (const fix of f.fixes) for (const e of fix.edits) {
      assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
      const out = applyFixes(text, [{ ...f, fixes: [{ ...fix, edits: [e], preferred: true }] }]);
      assert.equal(out.slice(0, e.start), text.slice(0, e.start));
      assert.equal(out.slice(e.start + e.newText.length), text.slice(e.end));
    }
  });
});

describe('checks: the same citations in Markdown, plain text and LaTeX', () => {
  const run = (file: string, kind: DocKind) => {
    const t = fs.readFileSync(path.join(dir, file), 'utf8');
    return check(t, kind, { table, settings: {} }).map((f) => `${f.code}: ${f.message}`);
  };
  it('give the same findings, in order', () => {
    const md = run('same.md', 'markdown');
    assert.ok(md.length >= 6, md.join('\n'));
    assert.deepEqual(run('same.txt', 'plaintext'), md);
    assert.deepEqual(run('same.tex', 'latex'), md);
  });
});

describe('checks: never throw', () => {
  it('on arbitrary text with citation-like pieces, and fixes stay in range', () => {
    const piece = fc.constantFrom('Id. ', 'id. at 5', 'Scott v. Harris, ', '550 U.S. 372', ', 380', ' (2007)', ' 941 944', '§', '–', '-', ' supra, at ', '*', '\n', '(7th Cir. 2019)', 'F. 3d ', 'at p. 3', ' n. 5', '; ');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), fc.constantFrom<DocKind>('markdown', 'plaintext', 'latex'), (parts, kind) => {
        const t = parts.join('');
        const fs2 = check(t, kind, { table, settings: {} });
        for (const f of fs2) assert.ok(f.start >= 0 && f.end <= t.length && f.start <= f.end);
        assert.equal(typeof applyFixes(t, fs2), 'string');
      }),
      { numRuns: 300 },
    );
  });
});
