// The normalized text of an incrementally analysed document, as a list of pieces.
//
// After an edit the new normalized text is the old one with a window replaced. Built as one string
// (`old.slice(0, a) + window + old.slice(b)`), V8 copies all of it into a new flat string the first
// time it is read: for a 350 KB brief, 700 KB allocated and copied on every keystroke, and as much
// garbage for the collector. Kept as pieces (slices of earlier texts share their characters), an
// edit costs a few small strings; the scanner and resolution read flat copies of just the stretch
// they need. When the pieces pile up they are joined into one flat string again.
//
// Pieces are slices of older texts, so a rope keeps those texts alive: joining at MAX_PIECES
// bounds that to one full-length text plus the windows spliced in since.

/** More pieces than this and the rope is joined into one. */
const MAX_PIECES = 64;

export class Rope {
  private last = 0;

  private constructor(
    private readonly pieces: readonly string[],
    /** Where each piece starts. */
    private readonly at: readonly number[],
    readonly length: number,
  ) {}

  static of(text: string): Rope {
    return new Rope(text.length ? [text] : [], text.length ? [0] : [], text.length);
  }

  /** Index of the piece holding character i (0 ≤ i < length). */
  private piece(i: number): number {
    const at = this.at;
    const p = this.last;
    if (p < at.length && i >= at[p]! && (p + 1 === at.length || i < at[p + 1]!)) return p;
    let lo = 0;
    let hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (at[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo;
  }

  /** The characters [a, b), clamped to the rope. */
  slice(a: number, b: number): string {
    a = Math.max(0, Math.min(a, this.length));
    b = Math.max(a, Math.min(b, this.length));
    if (a === b) return '';
    const p = this.piece(a);
    const pa = this.at[p]!;
    const text = this.pieces[p]!;
    if (b - pa <= text.length) return text.slice(a - pa, b - pa);
    const parts = [text.slice(a - pa)];
    for (let q = p + 1; q < this.pieces.length && this.at[q]! < b; q++) parts.push(this.pieces[q]!.slice(0, b - this.at[q]!));
    return parts.join('');
  }

  charCodeAt(i: number): number {
    if (i < 0 || i >= this.length) return NaN;
    const p = this.piece(i);
    return this.pieces[p]!.charCodeAt(i - this.at[p]!);
  }

  /** This text with [a, b) replaced by `mid`. */
  splice(a: number, b: number, mid: string): Rope {
    const pieces: string[] = [];
    const at: number[] = [];
    const push = (s: string) => {
      if (!s) return;
      at.push(at.length ? at[at.length - 1]! + pieces[pieces.length - 1]!.length : 0);
      pieces.push(s);
    };
    for (let q = 0; q < this.pieces.length && this.at[q]! < a; q++) push(this.pieces[q]!.slice(0, a - this.at[q]!));
    push(mid);
    for (let q = 0; q < this.pieces.length; q++) {
      const qa = this.at[q]!;
      const qb = qa + this.pieces[q]!.length;
      if (qb <= b) continue;
      push(this.pieces[q]!.slice(Math.max(0, b - qa)));
    }
    const length = this.length - (b - a) + mid.length;
    const r = new Rope(pieces, at, length);
    return pieces.length > MAX_PIECES ? Rope.of(r.toString()) : r;
  }

  /** The whole text as one string (flat: read once so V8 joins it now, not at some later read). */
  toString(): string {
    if (this.pieces.length === 1) return this.pieces[0]!;
    const s = this.pieces.join('');
    s.charCodeAt(0);
    return s;
  }

  /** Number of pieces (for tests). */
  get pieceCount(): number {
    return this.pieces.length;
  }
}
