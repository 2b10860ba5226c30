// The offset map original ↔ normalized, on exactly the characters briefs contain.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extract, normalize, toOriginal, toNormalized, canonicalReporter, reporterInfo, reporterVariations, reporterSeries } from '../../../server/src/engine/index';

/** Every normalized char maps back to an original range whose text normalizes to it. */
function checkMap(text: string, kind: 'plaintext' | 'markdown' | 'latex' = 'plaintext') {
  const norm = normalize(text, kind);
  const n = { ...norm, ...norm.map.arrays() };
  assert.strictEqual(n.start.length, n.text.length);
  let prevEnd = 0;
  for (let i = 0; i < n.text.length; i++) {
    assert.ok(n.start[i]! >= prevEnd || n.start[i]! >= n.start[Math.max(0, i - 1)]!, 'monotone');
    assert.ok(n.start[i]! < n.end[i]! && n.end[i]! <= text.length);
    prevEnd = n.start[i]!;
  }
  return n;
}

describe('engine: normalization offset map', function () {
  it('collapses whitespace runs with newlines and indentation to one space', function () {
    const t = 'Scott v.\n    Harris,  \t550';
    const n = checkMap(t);
    assert.strictEqual(n.text, 'Scott v. Harris, 550');
    const i = n.text.indexOf('Harris');
    assert.strictEqual(t.slice(n.start[i]!, n.end[i + 5]!), 'Harris');
    const sp = toOriginal(n, 8, 9);
    assert.strictEqual(t.slice(sp.start, sp.end), '\n    ');
  });
  it('joins a word hyphenated across a line break, not a plain hyphen', function () {
    const t = 'a ques-\n    tion and a well-known (cit-\n    ing X)';
    const n = checkMap(t);
    assert.strictEqual(n.text, 'a question and a well-known (citing X)');
    const q = n.text.indexOf('question');
    const sp = toOriginal(n, q, q + 'question'.length);
    assert.strictEqual(t.slice(sp.start, sp.end), 'ques-\n    tion');
    assert.strictEqual(checkMap('Smith-\n    Jones, 1201-\n  02').text, 'Smith-Jones, 1201-02');
  });
  it('drops page-header lines', function () {
    const t = 'see Foo,\n    No. 20-1754                                                      13\n    550 U.S. at\n    12                                                    No. 20-1754\n    378';
    const n = checkMap(t);
    assert.strictEqual(n.text, 'see Foo, 550 U.S. at 378');
  });
  it('drops a line break before punctuation', function () {
    const n = checkMap('954 F.3d 981\n    , 984');
    assert.strictEqual(n.text, '954 F.3d 981, 984');
  });
  it('curly quotes and apostrophes, NBSP, § ¶, en/em dashes', function () {
    const t = '“Comm’rs” ‘x’ 42\u00a0U.S.C. §\u00a01983 ¶ 4 378–81 a—b';
    const n = checkMap(t);
    assert.strictEqual(n.text, `"Comm'rs" 'x' 42 U.S.C. § 1983 ¶ 4 378–81 a—b`);
    const i = n.text.indexOf("'rs");
    assert.strictEqual(t[n.start[i]!], '’');
    assert.strictEqual(toNormalized(n, t.indexOf('§')), n.text.indexOf('§'));
  });
  it('Markdown: *emphasis*, _emphasis_, [text](url), [^1]; snake_case kept', function () {
    const t = '*Graham v. Connor*, _id._ [490 U.S. 386](http://x.y/z)[^1] snake_case';
    const n = checkMap(t, 'markdown');
    assert.strictEqual(n.text, 'Graham v. Connor, id. 490 U.S. 386 snake_case');
    const v = n.text.indexOf('490');
    assert.strictEqual(t.slice(n.start[v]!, n.end[v + 2]!), '490');
  });
  it('LaTeX: \\textit{}, \\emph{}, ~, \\S, --, ---, comments', function () {
    const t = '\\textit{Graham}, \\emph{id.} 42~U.S.C. \\S~1983, 378--81---x % note\ny';
    const n = checkMap(t, 'latex');
    assert.strictEqual(n.text, 'Graham, id. 42 U.S.C. § 1983, 378–81—x y');
    const s = n.text.indexOf('§');
    assert.strictEqual(t.slice(n.start[s]!, n.end[s]!), '\\S');
    const d = n.text.indexOf('–');
    assert.strictEqual(t.slice(n.start[d]!, n.end[d]!), '--');
  });
  it('empty and whitespace-only input', function () {
    assert.strictEqual(normalize('', 'plaintext').text, '');
    assert.strictEqual(normalize(' \n\t ', 'plaintext').text, ' ');
    assert.deepStrictEqual(toOriginal(normalize('', 'plaintext'), 0, 0), { start: 0, end: 0 });
  });
});

describe('engine: reporter lookups', function () {
  it('canonical forms', function () {
    assert.strictEqual(canonicalReporter('F. 3d'), 'F.3d');
    assert.strictEqual(canonicalReporter('S.Ct.'), 'S. Ct.');
    assert.strictEqual(canonicalReporter('L.Ed.2d'), 'L. Ed. 2d');
    assert.strictEqual(canonicalReporter('Fed. Appx.'), "F. App'x");
    assert.strictEqual(canonicalReporter('F.Supp.2d'), 'F. Supp. 2d');
    assert.strictEqual(canonicalReporter('U.S.'), 'U.S.');
    assert.strictEqual(canonicalReporter('S.C.'), 'S.C.', 'S.C. is canonical South Carolina Reports');
    assert.strictEqual(canonicalReporter('feet'), undefined);
  });
  it('edition years (F.R.D. fixed to 1938)', function () {
    assert.deepStrictEqual([reporterInfo('F.4th')!.start, reporterInfo('F.4th')!.end], [2021, null]);
    assert.strictEqual(reporterInfo('F.R.D.')!.start, 1938);
    assert.strictEqual(reporterInfo('F.2d')!.end, 1993);
    assert.strictEqual(reporterInfo('F. 3d')!.canonical, 'F.3d');
  });
  it('the editions of a series, with years', function () {
    assert.deepStrictEqual(reporterSeries('F. 3d').map((e) => [e.canonical, e.start, e.end]), [
      ['F.', 1880, 1924],
      ['F.2d', 1924, 1993],
      ['F.3d', 1993, null],
      ['F.4th', 2021, null],
    ]);
    assert.deepStrictEqual(reporterSeries('nonsense'), []);
  });

  it('variations map to canonical forms', function () {
    const v = reporterVariations('S. Ct.');
    assert.strictEqual(v['S.Ct.'], 'S. Ct.');
    assert.strictEqual(v['S.C.'], undefined);
  });
});

describe('engine: line endings', function () {
  it('CRLF and CR text gives the same citations, with offsets into that text', function () {
    const lf = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'server', 'data', 'opinion', 'smith-v-finkley-20-1754.txt'), 'utf8');
    const base = extract(lf, 'plaintext').citations;
    for (const eol of ['\r\n', '\r']) {
      const t = lf.replace(/\n/g, eol);
      const cs = extract(t, 'plaintext').citations;
      assert.strictEqual(cs.length, base.length, JSON.stringify(eol));
      cs.forEach((c, i) => {
        const b = base[i]!;
        assert.strictEqual(c.kind, b.kind);
        assert.strictEqual(c.text, b.text);
        if (c.cite) assert.strictEqual(t.slice(c.cite.volume.start, c.cite.volume.end), lf.slice(b.cite!.volume.start, b.cite!.volume.end));
        assert.strictEqual(c.resolution?.antecedent, b.resolution?.antecedent);
      });
    }
  });
});
