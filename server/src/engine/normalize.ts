// One offset map from the ORIGINAL text to a normalized text the parser scans.
// Normalized: whitespace runs (incl. newlines, indentation, NBSP) → one space; a word hyphenated
// across a line break is joined (`ques-\n    tion` → `question`); page-header lines (`No. 20-1754
// 13`, `12   No. 20-1754`) dropped; curly quotes straightened; Markdown emphasis, links and
// footnote markers removed; LaTeX emphasis commands, braces and comments removed, `~` → space,
// `\S` → `§`, `--` → `–`, `---` → `—`. En/em dashes themselves are kept as written.
import type { DocKind, Span } from './types';

export interface Normalized {
  /** The normalized text. */
  text: string;
  /** For each normalized char i: original [start[i], end[i]). Length text.length. Built on first use from the segments below. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Length of the original text. */
  originalLength: number;
  /**
   * The offset map as segments, in normalized order. Segment k starts at normalized segN[k] and
   * original segO[k]. segE[k] < 0: an identity run (each normalized char i maps to the one original
   * char segO[k] + (i - segN[k])), running to the next segment's start. segE[k] >= 0: one
   * normalized char standing for original [segO[k], segE[k]) (a collapsed whitespace run, a
   * replaced group).
   */
  segN: Int32Array;
  segO: Int32Array;
  segE: Int32Array;
}

/** Whitespace as briefs contain it: ASCII, NBSP, the Unicode spaces, line/paragraph separators, BOM. */
export function isWsCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
function isLowerCode(c: number, ch: string | undefined): boolean {
  if (c < 128) return c >= 97 && c <= 122;
  return ch !== undefined && ch.toLowerCase() === ch && ch.toUpperCase() !== ch;
}
function isLetterCode(c: number, ch: string | undefined): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return ch !== undefined && ch.toLowerCase() !== ch.toUpperCase();
}
function isLetterAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  return isLetterCode(text.charCodeAt(i), text[i]);
}
function isAlnumAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return (c >= 48 && c <= 57) || isLetterCode(c, text[i]);
}

const HEADER_RE = /^[ \t\u00a0]*(?:No\. ?\d{1,2}-\d{1,6}[ \t\u00a0]+\d{1,4}|\d{1,4}[ \t\u00a0]+No\. ?\d{1,2}-\d{1,6})[ \t\u00a0]*$/my;
/** Where the output loop has work: a whitespace char that is not a plain space (two spaces are found with indexOf). */
const WS_EVENT = /[\t-\r\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
const FOOT_RE = /\[\^[^\]\s]{1,40}\]:?/g;
const LINK_RE = /\[([^\]\n]{0,300})\]\(([^()\s]{0,500})(?:\s+"[^"\n]{0,200}")?\)/g;
const MD_SPECIAL = /[*_\\`]/g;
const MD_ESCAPABLE = /[*_\[\]()#`\\]/;
const TEX_SPECIAL = /[%\\{}~`'-]/g;
const DASHES = /[-\u2013]/g;
const WS_OTHER = /[\t-\r\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u02bc]/g;
const DOUBLE_QUOTES = /[\u201c\u201d]/g;

/**
 * Builds the normalized text and its offset map. Only the places that change something are
 * visited one char at a time (markup, whitespace runs, line-break hyphens, page headers); the
 * text between them is copied as slices and mapped as identity runs.
 */
export function normalize(text: string, kind: DocKind = 'plaintext'): Normalized {
  const n = text.length;
  const act = new Uint8Array(n);
  /** Original indexes whose action is not 0 (unsorted, may repeat). */
  const marks: number[] = [];
  const repl = new Map<number, string>(); // index → replacement text (act 3), remaining chars of the group are act 1
  const set = (i: number, a: number) => {
    act[i] = a;
    marks.push(i);
  };

  // Page headers: whole line becomes whitespace. Every header line holds `No.` after nothing but
  // spaces and digits, so only the lines where `No.` occurs are tried.
  for (let q = text.indexOf('No.'); q >= 0; ) {
    let ls = q;
    while (ls > 0) {
      const c = text.charCodeAt(ls - 1);
      if (c === 32 || c === 9 || c === 0xa0 || (c >= 48 && c <= 57)) ls--;
      else break;
    }
    const before = ls > 0 ? text.charCodeAt(ls - 1) : 10;
    let next = q + 3;
    if (before === 10 || before === 13 || before === 0x2028 || before === 0x2029) {
      HEADER_RE.lastIndex = ls;
      const m = HEADER_RE.exec(text);
      if (m) {
        for (let i = m.index; i < m.index + m[0].length; i++) set(i, 2);
        next = Math.max(next, m.index + m[0].length);
      }
    }
    q = text.indexOf('No.', next);
  }

  if (kind === 'markdown') {
    FOOT_RE.lastIndex = 0;
    for (let m = FOOT_RE.exec(text); m; m = FOOT_RE.exec(text)) for (let i = m.index; i < m.index + m[0].length; i++) set(i, 1);
    LINK_RE.lastIndex = 0;
    for (let m = LINK_RE.exec(text); m; m = LINK_RE.exec(text)) {
      set(m.index, 1);
      const close = m.index + 1 + m[1]!.length;
      for (let i = close; i < m.index + m[0].length; i++) set(i, 1);
    }
    MD_SPECIAL.lastIndex = 0;
    for (let m = MD_SPECIAL.exec(text); m; m = MD_SPECIAL.exec(text)) {
      const i = m.index;
      if (act[i] !== 0) continue;
      const c = text.charCodeAt(i);
      if (c === 42 /* * */) set(i, 1);
      else if (c === 95 /* _ */) {
        if (!(isAlnumAt(text, i - 1) && isAlnumAt(text, i + 1))) set(i, 1);
      } else if (c === 92 /* \ */) {
        if (i + 1 < n && MD_ESCAPABLE.test(text[i + 1]!)) {
          set(i, 1);
          MD_SPECIAL.lastIndex = i + 2;
        }
      } else set(i, 1); // `
    }
  } else if (kind === 'latex') {
    TEX_SPECIAL.lastIndex = 0;
    for (let m = TEX_SPECIAL.exec(text); m; m = TEX_SPECIAL.exec(text)) {
      let i = m.index;
      if (act[i] !== 0) continue;
      const c = text[i]!;
      if (c === '%') {
        let j = i;
        while (j < n && text.charCodeAt(j) !== 10) set(j++, 1);
        // The newline and the next line's indentation are swallowed too (TeX semantics).
        if (j < n) set(j, 1);
        i = j;
      } else if (c === '\\') {
        const nx = text[i + 1];
        if (nx === undefined) {
          set(i, 1);
        } else if (nx === 'S' && !isLetterAt(text, i + 2)) {
          set(i, 3);
          repl.set(i, '\u00a7');
          set(i + 1, 1);
          i++;
        } else if (nx === 'P' && !isLetterAt(text, i + 2)) {
          set(i, 3);
          repl.set(i, '\u00b6');
          set(i + 1, 1);
          i++;
        } else if (isLetterAt(text, i + 1)) {
          let j = i + 1;
          while (j < n && /[A-Za-z]/.test(text[j]!)) j++;
          if (text[j] === '*') j++;
          const name = text.slice(i + 1, j);
          const spaceLike = name === 'footnote' || name === 'quad' || name === 'qquad' || name === 'par' || name === 'newline';
          for (let k = i; k < j; k++) set(k, spaceLike ? 2 : 1);
          // Control words swallow following spaces when not followed by `{`.
          i = j - 1;
        } else if (nx === ' ' || nx === ',' || nx === ';' || nx === '\\') {
          set(i, 2);
          set(i + 1, 2);
          i++;
        } else {
          // \& \% \_ \$ \# \{ \} → the character itself
          set(i, 1);
          i++;
        }
      } else if (c === '{' || c === '}') set(i, 1);
      else if (c === '~') set(i, 2);
      else if (c === '-') {
        if (text[i + 1] === '-') {
          if (text[i + 2] === '-') {
            set(i, 3);
            repl.set(i, '\u2014');
            set(i + 1, 1);
            set(i + 2, 1);
            i += 2;
          } else {
            set(i, 3);
            repl.set(i, '\u2013');
            set(i + 1, 1);
            i++;
          }
        }
      } else if (c === '`' || c === "'") {
        if (text[i + 1] === c) {
          set(i, 3);
          repl.set(i, '"');
          set(i + 1, 1);
          i++;
        } else if (c === '`') {
          set(i, 3);
          repl.set(i, "'");
        }
      }
      TEX_SPECIAL.lastIndex = i + 1;
    }
  }

  // Join words hyphenated across a line break (letter `-` ws-with-newline lowercase letter); a
  // dash before a line break and a capital or digit stays, the line break goes.
  // Only dashes start this check, so the loop is cheap.
  DASHES.lastIndex = 0;
  for (let m = DASHES.exec(text); m; m = DASHES.exec(text)) {
    const i = m.index;
    if (i === 0 || i >= n - 1 || act[i] !== 0) continue;
    const pc = text.charCodeAt(i - 1);
    const prevDigit = pc >= 48 && pc <= 57;
    if (!prevDigit && !isLetterCode(pc, text[i - 1])) continue;
    const hyphen = text.charCodeAt(i) === 45 && !prevDigit;
    let j = i + 1;
    let sawNl = false;
    while (j < n && j - i < 400) {
      const c = text.charCodeAt(j);
      if (!(act[j] === 2 || act[j] === 1 || isWsCode(c))) break;
      if (c === 10 || c === 13) sawNl = true;
      j++;
    }
    if (sawNl && j < n && act[j] === 0) {
      const cj = text.charCodeAt(j);
      if (hyphen && isLowerCode(cj, text[j])) {
        // `ques-\n    tion` → `question`
        for (let k = i; k < j; k++) set(k, 1);
      } else if (isLetterCode(cj, text[j]) || (cj >= 48 && cj <= 57)) {
        // `Smith-\n    Jones` → `Smith-Jones`, `1201–\n02` → `1201–02`: the dash stays
        for (let k = i + 1; k < j; k++) set(k, 1);
      }
      DASHES.lastIndex = j;
    }
  }

  // Output. A whitespace run becomes one space — or nothing when it contains a line break and
  // is followed by punctuation (the opinion's `981\n    , 984`, `1055\n    . As` read `981, 984`).
  const sorted = marks.length ? Int32Array.from(marks).sort() : new Int32Array(0);
  let mk = 0; // next index into sorted
  const pieces: string[] = [];
  const segN: number[] = [];
  const segO: number[] = [];
  const segE: number[] = [];
  let len = 0; // normalized length so far
  let lastCode = 0; // last normalized char code
  /** Start (original) of the identity run being built, or -1. */
  let runO = -1;
  let runN = 0;
  const closeRun = (at: number) => {
    if (runO >= 0 && at > runO) {
      pieces.push(text.slice(runO, at));
      const lc = text.charCodeAt(at - 1);
      lastCode = isWsCode(lc) ? 32 : lc;
    }
    runO = -1;
  };
  const single = (code: number, o: number, e: number) => {
    if (runO >= 0) closeRun(runO + (len - runN));
    segN.push(len);
    segO.push(o);
    segE.push(e);
    pieces.push(String.fromCharCode(code));
    len++;
    lastCode = code;
  };
  /** Original i is an identity char: extend or start a run. */
  const identity = (i: number, to: number) => {
    if (runO < 0 || runO + (len - runN) !== i) {
      closeRun(runO < 0 ? i : runO + (len - runN));
      runO = i;
      runN = len;
      segN.push(len);
      segO.push(i);
      segE.push(-1);
    }
    len += to - i;
  };
  let wsNext = -2; // next non-space whitespace char at or after i (n: none)
  let dsNext = -2; // next two spaces at or after i (n: none)
  let i = 0;
  while (i < n) {
    while (mk < sorted.length && sorted[mk]! < i) mk++;
    const markNext = mk < sorted.length ? sorted[mk]! : n;
    if (wsNext < i) {
      WS_EVENT.lastIndex = i;
      const m = WS_EVENT.exec(text);
      wsNext = m ? m.index : n;
    }
    if (dsNext < i) {
      const d = text.indexOf('  ', i);
      dsNext = d < 0 ? n : d;
    }
    let ev = Math.min(wsNext, dsNext, markNext);
    // A single space right before a whitespace run or a marked char starts the run.
    if (ev > i && ev < n && text.charCodeAt(ev - 1) === 32 && act[ev - 1] === 0 && (act[ev] === 1 || act[ev] === 2 || (act[ev] === 0 && ev === wsNext))) ev--;
    if (ev > i) identity(i, ev);
    if (ev >= n) {
      i = n;
      break;
    }
    i = ev;
    const a = act[i]!;
    let code = text.charCodeAt(i);
    if (a === 1) {
      i++;
      continue;
    }
    if (a === 2 || isWsCode(code)) {
      let j = i + 1;
      let sawNl = code === 10 || code === 13;
      while (j < n) {
        const aj = act[j]!;
        const c = text.charCodeAt(j);
        if (aj === 1) {
          j++;
          continue;
        }
        if (aj !== 2 && !isWsCode(c)) break;
        if (c === 10 || c === 13) sawNl = true;
        j++;
      }
      const next = j < n ? text.charCodeAt(j) : 0;
      let dropBeforePunct = false;
      if (sawNl && len > 0 && (next === 44 || next === 46 || next === 59 || next === 58 || next === 41)) {
        let pc = lastCode;
        if (runO >= 0) {
          const lc = text.charCodeAt(runO + (len - runN) - 1);
          pc = isWsCode(lc) ? 32 : lc;
        }
        dropBeforePunct = pc !== 32;
      }
      if (!dropBeforePunct) {
        if (j === i + 1 && isWsCode(code)) identity(i, j); // one whitespace char: the final pass makes it a space
        else single(32, i, j);
      }
      i = j;
      continue;
    }
    if (a === 3) {
      code = repl.get(i)!.charCodeAt(0);
      let j = i + 1;
      while (j < n && act[j] === 1) j++;
      // the replaced group spans the chars it consumed (up to the next kept char, at most 3)
      single(code, i, Math.min(j, i + 3));
      i++;
      continue;
    }
    // a marked char kept as it is (cannot happen today; kept for safety)
    identity(i, i + 1);
    i++;
  }
  if (runO >= 0) closeRun(runO + (len - runN));
  let out = pieces.length === 1 ? pieces[0]! : pieces.join('');
  out = out.replace(WS_OTHER, ' ').replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"');
  // Lone surrogates read as U+FFFD: one code unit for one, so offsets are unaffected.
  const wf = out as unknown as { isWellFormed(): boolean; toWellFormed(): string };
  if (!wf.isWellFormed()) out = wf.toWellFormed();
  return new NormalizedMap(out, Int32Array.from(segN), Int32Array.from(segO), Int32Array.from(segE), n);
}

class NormalizedMap implements Normalized {
  private st: Int32Array | undefined;
  private en: Int32Array | undefined;
  constructor(
    public text: string,
    public segN: Int32Array,
    public segO: Int32Array,
    public segE: Int32Array,
    public originalLength: number,
  ) {}
  private build(): void {
    const len = this.text.length;
    const st = new Int32Array(len);
    const en = new Int32Array(len);
    const k = this.segN.length;
    for (let s = 0; s < k; s++) {
      const a = this.segN[s]!;
      const b = s + 1 < k ? this.segN[s + 1]! : len;
      const o = this.segO[s]!;
      const e = this.segE[s]!;
      for (let i = a; i < b; i++) {
        st[i] = e < 0 ? o + (i - a) : o;
        en[i] = e < 0 ? o + (i - a) + 1 : e;
      }
    }
    this.st = st;
    this.en = en;
  }
  get start(): Int32Array {
    if (!this.st) this.build();
    return this.st!;
  }
  get end(): Int32Array {
    if (!this.en) this.build();
    return this.en!;
  }
}

/** The segment holding normalized index i (0 <= i < text length). */
function segAt(norm: Normalized, i: number): number {
  const sn = norm.segN;
  let lo = 0;
  let hi = sn.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sn[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Original start of normalized char i. */
export function origStart(norm: Normalized, i: number): number {
  const k = segAt(norm, i);
  return norm.segE[k]! < 0 ? norm.segO[k]! + (i - norm.segN[k]!) : norm.segO[k]!;
}

/** Original end of normalized char i. */
export function origEnd(norm: Normalized, i: number): number {
  const k = segAt(norm, i);
  const e = norm.segE[k]!;
  return e < 0 ? norm.segO[k]! + (i - norm.segN[k]!) + 1 : e;
}

/** Map a normalized half-open span to the original text. Empty spans map to a point. */
export function toOriginal(norm: Normalized, a: number, b: number): Span {
  const len = norm.text.length;
  if (len === 0) return { start: 0, end: 0 };
  a = Math.max(0, Math.min(a, len));
  b = Math.max(a, Math.min(b, len));
  if (a === b) {
    const p = a < len ? origStart(norm, a) : norm.originalLength;
    return { start: p, end: p };
  }
  return { start: origStart(norm, a), end: origEnd(norm, b - 1) };
}

/** Map an original offset to the normalized offset of the first normalized char at or after it. */
export function toNormalized(norm: Normalized, orig: number): number {
  const len = norm.text.length;
  const sn = norm.segN;
  const so = norm.segO;
  // the last segment starting at or before orig
  let lo = 0;
  let hi = sn.length - 1;
  if (hi < 0 || orig <= so[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (so[mid]! < orig) lo = mid;
    else hi = mid - 1;
  }
  // segment lo starts before orig; its chars' starts are so[lo] + (i - sn[lo]) for identity runs
  const segEnd = lo + 1 < sn.length ? sn[lo + 1]! : len;
  if (norm.segE[lo]! < 0) {
    const i = sn[lo]! + (orig - so[lo]!);
    return Math.min(i, segEnd);
  }
  return segEnd;
}
