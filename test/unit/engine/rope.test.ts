// The rope that holds an incrementally analysed document's normalized text (server/src/engine/rope.ts)
// must read exactly like the string it stands for, through any sequence of splices.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rope } from '../../../server/src/engine/rope';

const spliceArb = fc.record({ a: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.nat(40), mid: fc.string({ maxLength: 30 }) });

describe('rope', () => {
  it('reads like the string it stands for after random splices (slices, characters, whole text)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.array(spliceArb, { maxLength: 150 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 400 }), fc.integer({ min: -5, max: 400 })), { maxLength: 20 }), (start, splices, reads) => {
        let s = start;
        let r = Rope.of(start);
        for (const x of splices) {
          const a = Math.floor(x.a * s.length);
          const b = Math.min(s.length, a + x.len);
          s = s.slice(0, a) + x.mid + s.slice(b);
          r = r.splice(a, b, x.mid);
          assert.equal(r.length, s.length);
          assert.ok(r.pieceCount <= 64, `pieces: ${r.pieceCount}`);
        }
        assert.equal(r.toString(), s);
        for (const [a, b] of reads) {
          const lo = Math.max(0, Math.min(a, s.length));
          assert.equal(r.slice(a, b), s.slice(lo, Math.max(lo, Math.min(b, s.length))), `slice(${a}, ${b})`);
          assert.ok(Object.is(r.charCodeAt(a), s.charCodeAt(a)), `charCodeAt(${a})`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is joined into one piece when the pieces pile up', () => {
    let r = Rope.of('x'.repeat(1000));
    let pieces = 0;
    for (let i = 0; i < 100; i++) {
      r = r.splice(i * 7, i * 7 + 1, 'y');
      pieces = Math.max(pieces, r.pieceCount);
    }
    assert.ok(pieces > 32, 'splices add pieces');
    assert.ok(r.pieceCount <= 64);
    assert.equal(r.toString().length, 1000);
  });
});
