// The offset map kept as runs (server/src/engine/offset-map.ts): its lookups agree with the
// character-by-character arrays it stands for, and its runs are as few as the rule allows.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { normalize } from '../../../server/src/engine/normalize';
import { RunWriter } from '../../../server/src/engine/offset-map';
import type { DocKind } from '../../../server/src/engine/types';

const OPINION = fs.readFileSync(path.join(__dirname, '../../../server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
const PIECES = ['a', 'Smith', ' ', '  ', '\n', '\n    ', '\r\n', '\t', '-\n  ', '*', '_', '[x](u)', '[^1]', '\\emph{', '}', '%c\n', '\\S', '--', '~', '“', '’', '\ud800', '\n\nNo. 20-1754 13\n', ',', '\n, '];

/** Runs the rule allows at the fewest: a new run wherever the character before is longer than one
 *  original character or does not end where this one starts. */
function fewestRuns(start: Int32Array, end: Int32Array): number {
  let runs = 0;
  for (let i = 0; i < start.length; i++) if (i === 0 || end[i - 1]! - start[i - 1]! !== 1 || end[i - 1] !== start[i]) runs++;
  return runs;
}

function check(text: string, kind: DocKind): void {
  const norm = normalize(text, kind);
  const map = norm.map;
  const { start, end } = map.arrays();
  const what = `${JSON.stringify(text.slice(0, 80))} (${kind})`;
  assert.strictEqual(map.length, norm.text.length, what);
  assert.strictEqual(map.runCount, fewestRuns(start, end), `runs of ${what}`);
  // Looked up backwards and in jumps too, not only in the forward order the cache favours.
  const order = [...start.keys()];
  order.reverse();
  for (let k = 0; k < start.length; k += 7) order.push(k);
  for (const i of order) {
    assert.strictEqual(map.start(i), start[i], `start(${i}) of ${what}`);
    assert.strictEqual(map.end(i), end[i], `end(${i}) of ${what}`);
  }
  for (let o = 0; o <= text.length; o++) {
    let i = 0;
    while (i < start.length && start[i]! < o) i++;
    assert.strictEqual(map.firstAtOrAfter(o), i, `firstAtOrAfter(${o}) of ${what}`);
  }
  for (let a = 0; a <= norm.text.length; a += 3) {
    const b = Math.min(norm.text.length, a + 5);
    // An empty normalization maps everything to 0, as the per-character toOriginal did.
    const want = start.length === 0 ? 0 : a === b ? (a < start.length ? start[a]! : text.length) : start[a]!;
    assert.deepStrictEqual(map.toOriginal(a, b), { start: want, end: a === b ? want : end[b - 1]! }, `toOriginal(${a}, ${b}) of ${what}`);
  }
}

describe('engine: offset map as runs', function () {
  this.timeout(60000);

  it('agrees with the per-character offsets on random texts, with the fewest runs', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }), fc.constantFrom<DocKind>('plaintext', 'markdown', 'latex'), (parts, kind) => check(parts.join(''), kind)),
      { numRuns: 1200, seed: 4242 },
    );
  });

  it('agrees on the opinion, a run every few dozen characters', () => {
    const slice = OPINION.slice(0, 20000);
    check(slice, 'plaintext');
    const norm = normalize(OPINION, 'plaintext');
    assert.ok(norm.map.runCount < norm.text.length / 20, `${norm.map.runCount} runs for ${norm.text.length} characters`);
  });

  it('writes runs past its first capacity, joining what fits together', () => {
    const w = new RunWriter(2);
    // Ten single characters back to back are one run; a character three long ends it; a gap starts the next.
    for (let i = 0; i < 10; i++) w.push(i, i, i + 1);
    w.push(10, 10, 13);
    w.push(11, 13, 14);
    w.push(12, 20, 21);
    for (let i = 0; i < 100; i++) w.push(13 + i, 30 + 2 * i, 31 + 2 * i);
    const map = w.map(113, 300);
    assert.strictEqual(map.runCount, 3 + 100);
    assert.deepStrictEqual([map.start(10), map.end(10), map.start(11), map.end(11), map.start(12)], [10, 13, 13, 14, 20]);
    assert.deepStrictEqual([map.start(112), map.end(112)], [228, 229]);
  });
});
