// The normalized → original offset map of a normalization, as a piece table: runs of the typed
// arrays a normalization produced, each moved by a fixed amount. An edit splices in the window it
// re-normalized and shifts the pieces after it, in time proportional to the number of pieces, not
// to the document's length; when the pieces pile up they are copied into one flat run.
//
// Ends are kept as lengths: nearly every normalized character stands for one to a few original
// characters, so a byte per character holds its length and the rare longer ones (a collapsed run
// of whitespace, a page header) go to a side table. That is 5 bytes a character instead of 8: the
// map is the largest thing a document's analysis keeps.
import type { Normalized } from './normalize';
import type { Span } from './types';

/** Original lengths of normalized characters: `len[k]`, or `wide.get(k)` where len[k] is WIDE. */
interface Lengths {
  len: Uint8Array;
  wide: Map<number, number> | undefined;
}

const WIDE = 255;

/**
 * The array itself if it is all of its buffer, else a copy that is: normalize() returns views
 * into one larger buffer (start and end together, sized for the worst case), which the map
 * would otherwise keep alive whole.
 */
function own(a: Int32Array): Int32Array {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice();
}

/** The lengths (end - start) of a normalization's characters. */
function lengthsOf(start: Int32Array, end: Int32Array): Lengths {
  const n = start.length;
  const len = new Uint8Array(n);
  let wide: Map<number, number> | undefined;
  for (let k = 0; k < n; k++) {
    const d = end[k]! - start[k]!;
    if (d >= 0 && d < WIDE) len[k] = d;
    else {
      len[k] = WIDE;
      (wide ??= new Map()).set(k, d);
    }
  }
  return { len, wide };
}

function lengthAt(l: Lengths, k: number): number {
  const d = l.len[k]!;
  return d === WIDE ? l.wide!.get(k)! : d;
}

interface Piece {
  /** First normalized index of the piece. */
  at: number;
  len: number;
  start: Int32Array;
  lengths: Lengths;
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
    return new OffsetMap(n ? [{ at: 0, len: n, start: own(norm.start), lengths: lengthsOf(norm.start, norm.end), off: 0, shift: 0 }] : [], n, norm.originalLength);
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
    const k = p.off + i - p.at;
    return p.start[k]! + p.shift + lengthAt(p.lengths, k);
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
    if (mid > 0) {
      const start = win.start.slice(wl, wr);
      out.push({ at: nl, len: mid, start, lengths: lengthsOf(start, win.end.subarray(wl, wr)), off: 0, shift: winShift });
    }
    const move = nl + mid - nr;
    for (const p of this.pieces) {
      const pEnd = p.at + p.len;
      if (pEnd <= nr) continue;
      const cut = Math.max(0, nr - p.at);
      out.push({ at: p.at + cut + move, len: p.len - cut, start: p.start, lengths: p.lengths, off: p.off + cut, shift: p.shift + d });
    }
    const length = this.length - (nr - nl) + mid;
    const m = new OffsetMap(out, length, originalLength);
    return out.length > MAX_PIECES ? m.flat() : m;
  }

  /** The same map as one flat run. */
  flat(): OffsetMap {
    const start = new Int32Array(this.length);
    const len = new Uint8Array(this.length);
    let wide: Map<number, number> | undefined;
    for (const p of this.pieces) {
      const s = p.start.subarray(p.off, p.off + p.len);
      if (p.shift === 0) start.set(s, p.at);
      else for (let k = 0; k < p.len; k++) start[p.at + k] = s[k]! + p.shift;
      len.set(p.lengths.len.subarray(p.off, p.off + p.len), p.at);
      if (p.lengths.wide) {
        for (const [k, d] of p.lengths.wide) if (k >= p.off && k < p.off + p.len) (wide ??= new Map()).set(p.at + k - p.off, d);
      }
    }
    const lengths = { len, wide };
    return new OffsetMap(this.length ? [{ at: 0, len: this.length, start, lengths, off: 0, shift: 0 }] : [], this.length, this.originalLength);
  }

  /** The map as flat arrays (what normalize() returns). */
  arrays(): { start: Int32Array; end: Int32Array } {
    const start = new Int32Array(this.length);
    const end = new Int32Array(this.length);
    for (const p of this.pieces) {
      for (let k = 0; k < p.len; k++) {
        const s = p.start[p.off + k]! + p.shift;
        start[p.at + k] = s;
        end[p.at + k] = s + lengthAt(p.lengths, p.off + k);
      }
    }
    return { start, end };
  }

  /** Whether the map reads from this buffer. */
  holds(buf: ArrayBufferLike): boolean {
    return this.pieces.some((p) => p.start.buffer === buf || p.lengths.len.buffer === buf);
  }

  /** Number of pieces (for tests). */
  get pieceCount(): number {
    return this.pieces.length;
  }
}
