// The normalized → original offset map of a normalization, as a piece table: runs of the typed
// arrays a normalization produced, each moved by a fixed amount. An edit splices in the window it
// re-normalized and shifts the pieces after it, in time proportional to the number of pieces, not
// to the document's length; when the pieces pile up they are copied into one flat run.
import type { Normalized } from './normalize';
import type { Span } from './types';

interface Piece {
  /** First normalized index of the piece. */
  at: number;
  len: number;
  start: Int32Array;
  end: Int32Array;
  /** Index into start/end of the piece's first entry. */
  off: number;
  /** Added to every original offset read from the piece. */
  shift: number;
}

/** More pieces than this and the map is flattened. */
const MAX_PIECES = 128;

export class OffsetMap {
  private last = 0;

  private constructor(
    private readonly pieces: Piece[],
    /** Number of normalized characters. */
    readonly length: number,
    /** Length of the original text. */
    readonly originalLength: number,
  ) {}

  static of(norm: Normalized): OffsetMap {
    const n = norm.start.length;
    return new OffsetMap(n ? [{ at: 0, len: n, start: norm.start, end: norm.end, off: 0, shift: 0 }] : [], n, norm.originalLength);
  }

  private piece(i: number): Piece {
    const ps = this.pieces;
    let p = ps[this.last]!;
    if (i >= p.at && i < p.at + p.len) return p;
    let lo = 0;
    let hi = ps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ps[mid]!.at <= i) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    p = ps[lo]!;
    return p;
  }

  /** Original offset where normalized character i starts. */
  start(i: number): number {
    const p = this.piece(i);
    return p.start[p.off + i - p.at]! + p.shift;
  }

  /** Original offset where normalized character i ends. */
  end(i: number): number {
    const p = this.piece(i);
    return p.end[p.off + i - p.at]! + p.shift;
  }

  /** The original span of normalized [a, b) (empty spans map to a point), as toOriginal does. */
  toOriginal(a: number, b: number): Span {
    const len = this.length;
    if (len === 0) return { start: 0, end: 0 };
    a = Math.max(0, Math.min(a, len));
    b = Math.max(a, Math.min(b, len));
    if (a === b) {
      const p = a < len ? this.start(a) : this.originalLength;
      return { start: p, end: p };
    }
    return { start: this.start(a), end: this.end(b - 1) };
  }

  /** Index of the first normalized character starting at or after original offset `orig`. */
  firstAtOrAfter(orig: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.start(mid) < orig) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * This map with normalized [nl, nr) replaced by `win`'s [wl, wr) (whose original offsets are
   * relative to `winShift`) and everything from nr on moved by `d` original characters.
   */
  splice(nl: number, nr: number, win: Normalized, wl: number, wr: number, winShift: number, d: number, originalLength: number): OffsetMap {
    const out: Piece[] = [];
    for (const p of this.pieces) {
      if (p.at >= nl) break;
      const len = Math.min(p.len, nl - p.at);
      out.push(len === p.len ? p : { ...p, len });
    }
    const mid = wr - wl;
    if (mid > 0) out.push({ at: nl, len: mid, start: win.start, end: win.end, off: wl, shift: winShift });
    const move = nl + mid - nr;
    for (const p of this.pieces) {
      const pEnd = p.at + p.len;
      if (pEnd <= nr) continue;
      const cut = Math.max(0, nr - p.at);
      out.push({ at: p.at + cut + move, len: p.len - cut, start: p.start, end: p.end, off: p.off + cut, shift: p.shift + d });
    }
    const length = this.length - (nr - nl) + mid;
    const m = new OffsetMap(out, length, originalLength);
    return out.length > MAX_PIECES ? m.flat() : m;
  }

  /** The same map as one flat run. */
  flat(): OffsetMap {
    const f = this.arrays();
    return new OffsetMap(this.length ? [{ at: 0, len: this.length, start: f.start, end: f.end, off: 0, shift: 0 }] : [], this.length, this.originalLength);
  }

  /** The map as flat arrays (what normalize() returns). */
  arrays(): { start: Int32Array; end: Int32Array } {
    const start = new Int32Array(this.length);
    const end = new Int32Array(this.length);
    for (const p of this.pieces) {
      const s = p.start.subarray(p.off, p.off + p.len);
      const e = p.end.subarray(p.off, p.off + p.len);
      if (p.shift === 0) {
        start.set(s, p.at);
        end.set(e, p.at);
      } else {
        for (let k = 0; k < p.len; k++) {
          start[p.at + k] = s[k]! + p.shift;
          end[p.at + k] = e[k]! + p.shift;
        }
      }
    }
    return { start, end };
  }

  /** Number of pieces (for tests). */
  get pieceCount(): number {
    return this.pieces.length;
  }
}
