// The normalized → original offset map of a normalization, kept as runs.
//
// Nearly every normalized character is one original character, and the next one follows it
// directly; the exceptions are where normalization dropped characters (markup, a page header) or
// folded several into one (a whitespace run, `\S`). So the map is stored as runs: a run is a
// stretch of normalized characters that are each one original character, back to back in the
// original, and may end with one character of any length. A run holds where it starts in the
// normalized text, where it starts in the original, and where its last character ends there.
// The opinion has a run every 48 characters (one per indented line): 12 bytes a run is a quarter
// of a byte a character, where one offset per character was 5 to 8 bytes, and the normalization
// writes a run only where one starts instead of an offset at every character.
//
// Runs are canonical (each as long as it can be): a normalization writes them so, and a splice
// joins the runs on either side of a seam when they fit together, so an edited map and a fresh
// normalization of the same text have the same runs. An edit copies the runs (a few thousand for
// a brief) instead of the characters.
import type { Span } from './types';

/** Runs as they are written: growable arrays, the first `count` entries in use. */
export class RunWriter {
  at: Int32Array;
  st: Int32Array;
  en: Int32Array;
  count = 0;

  constructor(capacity = 64) {
    this.at = new Int32Array(capacity);
    this.st = new Int32Array(capacity);
    this.en = new Int32Array(capacity);
  }

  /** Empties the writer, keeping its arrays. */
  reset(): void {
    this.count = 0;
  }

  /**
   * Adds normalized characters from `at` on: the first starts at original `st`, all but the last
   * are one original character each, back to back, and the last ends at `en`. Joined to the run
   * before when that run is all single characters ending where this one starts.
   */
  push(at: number, st: number, en: number): void {
    const k = this.count - 1;
    if (k >= 0 && this.en[k] === st && st - this.st[k]! === at - this.at[k]!) {
      this.en[k] = en;
      return;
    }
    if (this.count === this.at.length) this.grow();
    this.at[this.count] = at;
    this.st[this.count] = st;
    this.en[this.count] = en;
    this.count++;
  }

  private grow(): void {
    const cap = this.at.length * 2;
    const at = new Int32Array(cap);
    const st = new Int32Array(cap);
    const en = new Int32Array(cap);
    at.set(this.at);
    st.set(this.st);
    en.set(this.en);
    this.at = at;
    this.st = st;
    this.en = en;
  }

  /** The runs written, as a map of `length` normalized characters (copies: the writer can be reused). */
  map(length: number, originalLength: number): OffsetMap {
    const c = this.count;
    return new OffsetMap(this.at.slice(0, c), this.st.slice(0, c), this.en.slice(0, c), length, originalLength);
  }
}

export class OffsetMap {
  /** The run last looked up: lookups mostly go forward through a text. */
  private last = 0;

  constructor(
    /** Run r covers normalized [at[r], at[r + 1]) (the last run up to `length`). */
    private readonly at: Int32Array,
    /** Original offset where run r's first character starts. */
    private readonly st: Int32Array,
    /** Original offset where run r's last character ends. */
    private readonly en: Int32Array,
    /** Number of normalized characters. */
    readonly length: number,
    /** Length of the original text. */
    readonly originalLength: number,
  ) {}

  /** Number of runs. */
  get runCount(): number {
    return this.at.length;
  }

  /** The run holding normalized character i (0 <= i < length). */
  private run(i: number): number {
    const at = this.at;
    const n = at.length;
    let r = this.last;
    if (at[r]! <= i) {
      if (r + 1 >= n || at[r + 1]! > i) return r;
      if (r + 2 >= n || at[r + 2]! > i) return (this.last = r + 1);
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (at[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo;
  }

  /** Normalized index where run r ends. */
  private runEnd(r: number): number {
    return r + 1 < this.at.length ? this.at[r + 1]! : this.length;
  }

  /** Original offset where normalized character i starts. */
  start(i: number): number {
    const r = this.run(i);
    return this.st[r]! + (i - this.at[r]!);
  }

  /** Original offset where normalized character i ends. */
  end(i: number): number {
    const r = this.run(i);
    return i === this.runEnd(r) - 1 ? this.en[r]! : this.st[r]! + (i - this.at[r]!) + 1;
  }

  /** The original span of normalized [a, b) (empty spans map to a point). */
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
    const st = this.st;
    // The last run starting before orig; its characters start at st[r], st[r] + 1, ...
    let lo = 0;
    let hi = st.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (st[mid]! < orig) lo = mid + 1;
      else hi = mid;
    }
    const r = lo - 1;
    if (r < 0) return 0;
    const k = orig - st[r]!;
    const end = this.runEnd(r);
    return this.at[r]! + k < end ? this.at[r]! + k : end;
  }

  /** Writes the runs covering normalized [a, b), cut to it, moved by `atShift` and `origShift`. */
  private copyTo(out: RunWriter, a: number, b: number, atShift: number, origShift: number): void {
    if (a >= b) return;
    const { at, st, en } = this;
    for (let r = this.run(a); r < at.length && at[r]! < b; r++) {
      const A = at[r]!;
      const B = this.runEnd(r);
      const lo = Math.max(A, a);
      const hi = Math.min(B, b);
      // Characters before a run's last are single and back to back, so a cut run's offsets follow.
      out.push(lo + atShift, st[r]! + (lo - A) + origShift, (hi === B ? en[r]! : st[r]! + (hi - A)) + origShift);
    }
  }

  /**
   * This map with normalized [nl, nr) replaced by `win`'s [wl, wr) (whose original offsets are
   * relative to `winShift`) and everything from nr on moved by `d` original characters.
   */
  splice(nl: number, nr: number, win: OffsetMap, wl: number, wr: number, winShift: number, d: number, originalLength: number): OffsetMap {
    const out = new RunWriter(this.at.length + win.at.length + 2);
    this.copyTo(out, 0, nl, 0, 0);
    win.copyTo(out, wl, wr, nl - wl, winShift);
    this.copyTo(out, nr, this.length, nl + (wr - wl) - nr, d);
    return out.map(this.length - (nr - nl) + (wr - wl), originalLength);
  }

  /** The map as one start and one end offset per normalized character. */
  arrays(): { start: Int32Array; end: Int32Array } {
    const start = new Int32Array(this.length);
    const end = new Int32Array(this.length);
    for (let r = 0; r < this.at.length; r++) {
      const A = this.at[r]!;
      const B = this.runEnd(r);
      for (let i = A; i < B; i++) {
        start[i] = this.st[r]! + (i - A);
        end[i] = i === B - 1 ? this.en[r]! : start[i]! + 1;
      }
    }
    return { start, end };
  }
}
