// Incremental extraction (server/src/engine/incremental.ts) must give exactly what a full
// extraction of the new text gives: the same citations (every field, every offset), the same
// normalized text and the same offset map. Checked on random edit sequences over the opinion and
// over text built from citation fragments, in all three document kinds, and on hand-picked edits
// that break the locality the incremental path relies on.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { fullSnapshot, updateSnapshot, type Snapshot } from '../../../server/src/engine/incremental';
import { extract, type DocKind } from '../../../server/src/engine/index';
import { normalize } from '../../../server/src/engine/normalize';

const OPINION = fs.readFileSync(path.join(__dirname, '../../../server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
const KINDS: DocKind[] = ['plaintext', 'markdown', 'latex'];

const PIECES = [
  'x', ' ', '\n', '\r\n', '(', ')', 'Id. at 5', ' id. at 7–8', ' 123 F.3d 456 (7th Cir. 2001)', 'Smith v. Jones, 5 U.S. 7, 9 (1803)',
  'v.', ', ', '-\n', '-\n    ', '*', '_', '[', '](http://x)', '[^1]', '%', '\\emph{', '}', '\\S', '--', '~', '\n\n',
  'No. 20-1754 13\n', '    5     No. 20-1754\n', ';', '. ', '§ 1983', '§§ 1291–92', '42 U.S.C. ', 'at ', '      ', '"', '“', '’',
  '(quoting ', '(citing ', '``', 'supra', ' supra, at 4', 'Fed. R. Civ. P. 56(a)', 'U.S. Const. amend. IV', 'Majority op. at 19',
  '\u00a0', '\u2003', '\ud800', '\udfff', '2011 WL 197426, at *3', 'passim', 'See, e.g., ', 'In re ', '490 U.S. at 396',
];

const bytes = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function same(inc: Snapshot, full: Snapshot, what: string): void {
  assert.strictEqual(inc.ntext.toString(), full.ntext.toString(), `${what}: normalized text`);
  assert.strictEqual(full.ntext.toString(), normalize(full.text, full.kind).text, `${what}: normalized text of the full snapshot`);
  const a = inc.map.arrays();
  const b = full.map.arrays();
  assert.ok(bytes(a.start).equals(bytes(b.start)), `${what}: start map`);
  assert.ok(bytes(a.end).equals(bytes(b.end)), `${what}: end map`);
  // Runs are canonical (each as long as it can be), so an edited map has a fresh one's runs.
  assert.strictEqual(inc.map.runCount, full.map.runCount, `${what}: runs of the offset map`);
  // Both against a normalization of its own (a full snapshot keeps its normalization's map).
  const norm = normalize(full.text, full.kind).map.arrays();
  assert.ok(bytes(b.start).equals(bytes(norm.start)), `${what}: start map of the full snapshot`);
  assert.ok(bytes(b.end).equals(bytes(norm.end)), `${what}: end map of the full snapshot`);
  // JSON first (fast); the structural comparison names the difference when there is one.
  if (JSON.stringify(inc.citations) !== JSON.stringify(full.citations)) assert.deepStrictEqual(inc.citations, full.citations, `${what}: citations`);
  for (const k of ['a', 'b', 'trigger', 'core', 'next'] as const) assert.ok(bytes(inc[k]).equals(bytes(full[k])), `${what}: scan state ${k}`);
}

interface Edit {
  at: number; // fraction of the text length
  del: number;
  ins: string;
}

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  del: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 4000 })),
  ins: fc.oneof(fc.constant(''), fc.constantFrom(...PIECES), fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((a) => a.join(''))),
});

describe('incremental extraction', function () {
  this.timeout(240000);

  // Both ways of updating: keeping the previous snapshot intact, and consuming it (as the server
  // does), where the citations after an edit are moved in place.
  for (const [kind, consume] of KINDS.flatMap((k) => [[k, false], [k, true]] as const)) {
    it(`equals a full extraction after random edits to the opinion (${kind}${consume ? ', consuming each snapshot' : ''})`, () => {
      const base = fullSnapshot(OPINION, kind);
      fc.assert(
        fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
          let text = OPINION;
          let snap = consume ? fullSnapshot(OPINION, kind) : base;
          for (const e of edits) {
            text = apply(text, e);
            snap = updateSnapshot(snap, text, kind, undefined, { consume });
            same(snap, fullSnapshot(text, kind), `after ${JSON.stringify(e)}`);
          }
        }),
        { numRuns: 40, seed: 20261126 + kind.length },
      );
    });
  }

  it('equals a full extraction on text built from citation fragments', () => {
    const textArb = fc.array(fc.constantFrom(...PIECES, 'Graham v. Connor', ' ', ' ', 'the court held'), { minLength: 50, maxLength: 600 }).map((a) => a.join(''));
    fc.assert(
      fc.property(textArb, fc.constantFrom(...KINDS), fc.array(editArb, { minLength: 1, maxLength: 5 }), fc.boolean(), (start, kind, edits, consume) => {
        let text = start;
        let snap = fullSnapshot(text, kind);
        for (const e of edits) {
          text = apply(text, e);
          snap = updateSnapshot(snap, text, kind, undefined, { consume });
          same(snap, fullSnapshot(text, kind), `after ${JSON.stringify(e)}`);
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('equals a full extraction while a citation is typed one character at a time (each snapshot consumed by the next)', () => {
    const cite = ' See Graham v. Connor, 490 U.S. 386, 396–97 (1989) (quoting Tennessee v. Garner, 471 U.S. 1, 8 (1985)); id. at 399.';
    for (const kind of KINDS) {
      const at = OPINION.indexOf('Jerry Smith') + 11;
      let text = OPINION;
      let snap = fullSnapshot(text, kind);
      for (let i = 0; i < cite.length; i++) {
        text = OPINION.slice(0, at) + cite.slice(0, i + 1) + OPINION.slice(at);
        snap = updateSnapshot(snap, text, kind, undefined, { consume: true });
        assert.strictEqual(snap.stats.mode, 'incremental', `${kind}: typing is incremental`);
        // Compared every few keystrokes (a difference would carry forward and show at the next).
        if (i % 4 === 3 || i === cite.length - 1) same(snap, fullSnapshot(text, kind), `${kind} after ${i + 1} chars`);
      }
    }
  });

  it('re-scans a citation whose probe for another parenthetical reaches an edit far past its end', () => {
    // A "(" right after a citation opens a parenthetical the scanner reads up to MAX_PAREN
    // characters to close. Closing it 600 characters on makes it the citation's; opening it anew
    // does the reverse. Both edits are far past the citation's end.
    const prose = ' the officers went on for some time about the events of that night'.repeat(9);
    for (const kind of KINDS) {
      const cite = 'Scott v. Harris, 550 U.S. 372, 380 (2007) (holding that';
      const at = OPINION.indexOf('Jerry Smith');
      const open = OPINION.slice(0, at) + cite + prose + '. Next sentence. ' + OPINION.slice(at);
      const closeAt = open.indexOf('. Next sentence.');
      const closed = open.slice(0, closeAt) + ')' + open.slice(closeAt);
      const a = fullSnapshot(open, kind);
      const full = fullSnapshot(closed, kind);
      const scott = (s: Snapshot) => s.citations.find((c) => c.text.startsWith('Scott v. Harris'))!;
      assert.ok(scott(full).parentheticals.length > scott(a).parentheticals.length, `${kind}: closing it gives the citation another parenthetical`);
      assert.ok(closeAt - scott(a).end > 500, 'the edit is far past the citation');
      same(updateSnapshot(a, closed, kind, { e0: closeAt, e1Old: closeAt, e1New: closeAt + 1 }), full, `${kind}: the parenthetical closed`);
      same(updateSnapshot(fullSnapshot(closed, kind), open, kind, { e0: closeAt, e1Old: closeAt + 1, e1New: closeAt }), fullSnapshot(open, kind), `${kind}: the parenthetical opened again`);
    }
  });

  it('resolves again the citations after an edit that changes how a new citation resolves', () => {
    // Id. at 770 after Plumhoff refers to Plumhoff; written "Id. at 390" it refers to Graham (its
    // pin is before Plumhoff's first page and inside Graham). The id. forms after it, the last far
    // enough on not to be re-scanned, must follow: the new citations read as before (same kind,
    // names and cites) but resolve differently.
    const gap = ' The court went on to consider at some length what the officers knew at the time.'.repeat(30);
    const block = `Graham v. Connor, 490 U.S. 386, 396 (1989). Plumhoff v. Rickard, 572 U.S. 765, 777 (2014). Id. at 770.${gap} Id. at 771.${gap} Id. at 772.`;
    const text = `${OPINION.slice(0, 20000)}\n\n${block}\n\n${OPINION.slice(20000)}`;
    const at = text.indexOf('Id. at 770') + 7;
    const next = text.slice(0, at) + '39' + text.slice(at + 2);
    for (const consume of [false, true]) {
      const snap = fullSnapshot(text, 'plaintext');
      const after = updateSnapshot(snap, next, 'plaintext', { e0: at, e1Old: at + 2, e1New: at + 2 }, { consume });
      const w = after.stats.window!;
      const last = after.citations.findIndex((c) => c.text.startsWith('Id. at 772') && c.start > at);
      assert.ok(last >= w.from + w.fresh, 'the last id. is not re-scanned');
      const graham = after.citations.findIndex((c) => c.text.startsWith('Graham v. Connor, 490'));
      assert.equal(after.citations[last]!.resolution?.antecedent, graham, 'it now refers to Graham');
      same(after, fullSnapshot(next, 'plaintext'), consume ? 'consumed' : 'kept');
    }
  });

  it('handles edits that reach across the re-normalized window (long runs, headers, links, comments)', () => {
    const cases: [DocKind, string, (t: string) => string][] = [
      ['plaintext', 'a whitespace run longer than the window', (t) => t.slice(0, 60000) + ' '.repeat(20000) + t.slice(60000)],
      ['plaintext', 'a page-header line appears', (t) => t.replace('dispatch. When', 'dispatch.\nNo. 20-1754 13\nWhen')],
      ['plaintext', 'a hyphen at a line end', (t) => t.replace('investigate,', 'investi-\n    gate,')],
      ['markdown', 'a link opened far before its end', (t) => t.replace('For the Seventh Circuit', '[For the Seventh Circuit') + ''],
      ['markdown', 'a link closed', (t) => t.replace('For the Seventh Circuit', '[For the Seventh Circuit](http://example.com)')],
      ['latex', 'a comment swallows a line break', (t) => t.replace('dispatch. When', 'dispatch. % When')],
      ['plaintext', 'everything deleted', () => ''],
      ['plaintext', 'everything replaced', () => 'Scott v. Harris, 550 U.S. 372, 380 (2007). Id. at 381.'],
      ['plaintext', 'an unclosed parenthesis before many citations', (t) => t.replace('The officers followed', '(The officers followed')],
    ];
    for (const [kind, what, edit] of cases) {
      const before = fullSnapshot(OPINION, kind);
      const text = edit(OPINION);
      assert.notStrictEqual(text, OPINION, `${what}: the edit changes the text`);
      same(updateSnapshot(before, text, kind), fullSnapshot(text, kind), what);
    }
  });

  it('re-scans only around a small edit in a 350 KB brief, and matches extract()', () => {
    const brief = [OPINION, OPINION, OPINION].join('\n\n');
    const snap = fullSnapshot(brief, 'markdown');
    assert.ok(snap.citations.length > 800);
    const at = brief.indexOf('Smith was found hiding', 150000);
    const text = brief.slice(0, at) + 'x' + brief.slice(at);
    const next = updateSnapshot(snap, text, 'markdown');
    assert.strictEqual(next.stats.mode, 'incremental');
    assert.ok(next.stats.rescanned < 60, `re-scanned ${next.stats.rescanned} of ${next.citations.length}`);
    assert.ok(next.stats.reused > next.citations.length - 60);
    assert.deepStrictEqual(next.citations, extract(text, 'markdown').citations);
  });

  it('never changes the previous snapshot', () => {
    const snap = fullSnapshot(OPINION, 'plaintext');
    const before = JSON.stringify(snap.citations);
    const at = OPINION.indexOf('Plumhoff');
    updateSnapshot(snap, OPINION.slice(0, at) + 'See ' + OPINION.slice(at), 'plaintext');
    updateSnapshot(snap, OPINION.slice(0, 100) + OPINION.slice(5000), 'plaintext');
    assert.strictEqual(JSON.stringify(snap.citations), before);
    // A chain of edits from it, each version built on the last, shares and copies but never writes.
    let text = OPINION;
    let cur = snap;
    for (let i = 0; i < 40; i++) {
      const at = (i * 7919) % text.length;
      text = text.slice(0, at) + (i % 2 ? '' : 'Id. at 5. ') + text.slice(at + (i % 2));
      cur = updateSnapshot(cur, text, 'plaintext');
    }
    assert.strictEqual(JSON.stringify(snap.citations), before);
  });

  it('moves the citations after an edit in place only when told the previous snapshot is consumed', () => {
    const at = OPINION.lastIndexOf('Plumhoff') - 2000;
    const text = OPINION.slice(0, at) + 'xy' + OPINION.slice(at);
    const kept = fullSnapshot(OPINION, 'plaintext');
    const copy = updateSnapshot(kept, text, 'plaintext');
    assert.notStrictEqual(copy.citations.at(-1), kept.citations.at(-1));
    const consumed = fullSnapshot(OPINION, 'plaintext');
    const last = consumed.citations.at(-1)!;
    const start = last.start;
    const moved = updateSnapshot(consumed, text, 'plaintext', undefined, { consume: true });
    assert.strictEqual(moved.citations.at(-1), last, 'the same object');
    assert.strictEqual(last.start, start + 2, 'moved by the two characters inserted');
    assert.deepStrictEqual(moved.citations, extract(text, 'plaintext').citations);
  });

  it('un-nests a moved citation whose parenthetical an edit closed early', () => {
    // Alpha's parenthetical holds Gamma and Epsilon, more than 2·SCAN_READ_BACK after its start.
    // Closing it early: the re-scan falls in step at Gamma, and Epsilon, moved, must lose its parent.
    const filler = 'the officers had no reason to think the man was armed or dangerous and '.repeat(18);
    const cite = `See Alpha v. Beta, 1 U.S. 1, 5 (1800) (quoting ${filler}Gamma v. Delta, 2 U.S. 2, 3 (1801); Epsilon v. Zeta, 4 U.S. 4, 5 (1802)).`;
    const text = `${OPINION.slice(0, 20000)}\n\n${cite}\n\n${OPINION.slice(20000)}`;
    const at = text.indexOf('(quoting') + 8;
    const next = text.slice(0, at) + ')' + text.slice(at);
    for (const consume of [false, true]) {
      const snap = fullSnapshot(text, 'plaintext');
      const alpha = snap.citations.findIndex((c) => c.text.startsWith('See Alpha'));
      const epsilon = snap.citations.findIndex((c) => c.text.startsWith('Epsilon'));
      assert.strictEqual(snap.citations[epsilon]!.parent, alpha, 'nested before the edit');
      const moved = snap.citations[epsilon]!;
      const after = updateSnapshot(snap, next, 'plaintext', undefined, { consume });
      assert.strictEqual(after.stats.mode, 'incremental');
      if (consume) assert.strictEqual(after.citations[epsilon], moved, 'Epsilon is moved in place, not re-scanned');
      assert.strictEqual(after.citations[epsilon]!.parent, undefined, 'no longer nested');
      assert.deepStrictEqual(after.citations, extract(next, 'plaintext').citations, consume ? 'consumed' : 'kept');
    }
  });

  it('shares the citation objects an edit leaves exactly as they were', () => {
    const snap = fullSnapshot(OPINION, 'plaintext');
    const at = OPINION.lastIndexOf('Plumhoff');
    const next = updateSnapshot(snap, OPINION.slice(0, at) + 'x' + OPINION.slice(at), 'plaintext');
    assert.strictEqual(next.stats.mode, 'incremental');
    assert.strictEqual(next.citations[0], snap.citations[0], 'the first citation is the same object');
    assert.notStrictEqual(next.citations.at(-1), snap.citations.at(-1), 'a citation after the edit is a moved copy');
    assert.deepStrictEqual(next.citations, extract(OPINION.slice(0, at) + 'x' + OPINION.slice(at), 'plaintext').citations);
  });

  it('keeps the offset map as small as a fresh one over many edits (runs joined at the seams)', () => {
    let text = OPINION;
    let snap = fullSnapshot(text, 'plaintext');
    for (let i = 0; i < 400; i++) {
      const at = (i * 7919) % text.length;
      text = text.slice(0, at) + (i % 2 ? '' : 'y') + text.slice(at + (i % 2));
      snap = updateSnapshot(snap, text, 'plaintext');
      if (i % 40 === 39) assert.strictEqual(snap.map.runCount, fullSnapshot(text, 'plaintext').map.runCount, `runs after ${i + 1} edits`);
    }
    same(snap, fullSnapshot(text, 'plaintext'), 'after 400 edits');
  });

  it('keeps long runs (one normalized character for 255+ original ones) exact through splices', () => {
    // Runs of whitespace longer than a byte can hold, every 1,500 characters.
    let text = '';
    for (let at = 0; at < 30000; at += 1500) text += OPINION.slice(at, at + 1500) + ' '.repeat(300 + (at % 700)) + '\n';
    let snap = fullSnapshot(text, 'plaintext');
    for (let i = 0; i < 300; i++) {
      const at = (i * 7919) % text.length;
      text = text.slice(0, at) + (i % 3 ? ' ' : 'z') + text.slice(at);
      snap = updateSnapshot(snap, text, 'plaintext');
      if (i % 50 === 49) same(snap, fullSnapshot(text, 'plaintext'), `after ${i + 1} edits`);
    }
  });

  it('starts over when the document kind changes', () => {
    const snap = fullSnapshot(OPINION, 'plaintext');
    const next = updateSnapshot(snap, OPINION, 'latex');
    assert.strictEqual(next.stats.mode, 'full');
    same(next, fullSnapshot(OPINION, 'latex'), 'kind change');
  });
});
