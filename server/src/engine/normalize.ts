// One offset map from the ORIGINAL text to a normalized text the parser scans.
// Normalized: whitespace runs (incl. newlines, indentation, NBSP) → one space; a word hyphenated
// across a line break is joined (`ques-\n    tion` → `question`); page-header lines (`No. 20-1754
// 13`, `12   No. 20-1754`) dropped; curly quotes straightened; Markdown emphasis, links and
// footnote markers removed; LaTeX emphasis commands, braces and comments removed, `~` → space,
// `\S` → `§`, `--` → `–`, `---` → `—`. En/em dashes themselves are kept as written. A lone
// surrogate becomes U+FFFD (one code unit for one, so offsets are unaffected).
//
// How: an action byte per original char (keep, drop, whitespace, replace), set by passes that
// visit only the chars that can matter (lines holding `No.`, markup characters); then one output
// pass over the text's code units that copies stretches of kept chars, collapses whitespace runs,
// decides each dash before a line break when it reaches it, and writes the offset map. Work
// arrays are reused between calls; the results are new arrays each call.
import { Buffer } from 'node:buffer';
import { type OffsetMap, RunWriter } from './offset-map';
import type { DocKind, Span } from './types';

export interface Normalized {
  /** The normalized text. */
  text: string;
  /** For each normalized char i, where it came from: original [map.start(i), map.end(i)). */
  map: OffsetMap;
  /** Length of the original text. */
  originalLength: number;
}

/** Whitespace as briefs contain it: ASCII, NBSP, the Unicode spaces, line/paragraph separators, BOM. */
export function isWsCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// Letter tests on one UTF-16 code unit (-1 = past either end of the text: no letter). Outside
// ASCII a code unit is a letter when its lower and upper case differ, and lower case when it is
// its own lower case and not its own upper case; the answers are cached per code unit.
const CASE_KNOWN = 1;
const CASE_LETTER = 2;
const CASE_LOWER = 4;
const caseInfo = new Uint8Array(0x10000);
function caseOf(c: number): number {
  let f = caseInfo[c]!;
  if (f === 0) {
    const ch = String.fromCharCode(c);
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    f = CASE_KNOWN | (lo !== up ? CASE_LETTER : 0) | (lo === ch && up !== ch ? CASE_LOWER : 0);
    caseInfo[c] = f;
  }
  return f;
}
function isLetterCode(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return (caseOf(c) & CASE_LETTER) !== 0;
}
function isLowerCode(c: number): boolean {
  if (c < 128) return c >= 97 && c <= 122;
  return (caseOf(c) & CASE_LOWER) !== 0;
}
function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || isLetterCode(c);
}

const HEADER_RE = /^[ \t\u00a0]*(?:No\. ?\d{1,2}-\d{1,6}[ \t\u00a0]+\d{1,4}|\d{1,4}[ \t\u00a0]+No\. ?\d{1,2}-\d{1,6})[ \t\u00a0]*$/my;
const FOOT_RE = /\[\^[^\]\s]{1,40}\]:?/y;
const LINK_RE = /\[([^\]\n]{0,300})\]\(([^()\s]{0,500})(?:\s+"[^"\n]{0,200}")?\)/y;

// Action per original char (plain numbers in the code): 0 keep, 1 drop, 2 whitespace, 3–8 replace
// with REPLACEMENT[action] (\S → §, \P → ¶, --- → —, -- → –, `` and '' → ", ` → '); a replaced
// char's group is it and the dropped chars after it (at most three chars in all).
const REPLACEMENT = new Uint16Array([0, 0, 0, 0xa7, 0xb6, 0x2014, 0x2013, 34, 39]);

// For each code unit, what the output pass copies for it (curly quotes straightened: ‘ ’ ʼ → ',
// “ ” → ") in the low 16 bits, and its class above: STOP, the copy loop stops at it (whitespace
// other than a space, surrogates); STOP_BEFORE_WS, the loop stops at it when whitespace follows
// (a space there starts a run; a dash there may end a line); WS, any whitespace.
const STOP = 1 << 16;
const STOP_BEFORE_WS = 2 << 16;
const WS = 4 << 16;
const charInfo = new Int32Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  let out = c;
  if (c === 0x2018 || c === 0x2019 || c === 0x02bc) out = 39;
  else if (c === 0x201c || c === 0x201d) out = 34;
  let cls = 0;
  if (c === 32) cls = STOP_BEFORE_WS | WS;
  else if (isWsCode(c)) cls = STOP | WS;
  else if (c >= 0xd800 && c <= 0xdfff) cls = STOP;
  else if (c === 45 || c === 0x2013) cls = STOP_BEFORE_WS;
  charInfo[c] = cls | out;
}
/** Put at the end of a stretch of kept chars so the copy loop stops there: STOP | WS. */
const SENTINEL = 0x2028;

// Work arrays reused between calls: act (n), src (the code units, n + 2: room for the sentinel and
// the char after it; overwritten with the normalized code units as the output pass goes): 3 bytes
// a char, kept for the largest text seen up to SCRATCH_MAX chars (3 MB at most); a longer text gets
// its own for the call. The offset map's runs are written into `runs` and copied out; its arrays
// are dropped after a call that grew them past RUNS_KEEP runs.
const SCRATCH_MAX = 1 << 20;
let scratchAct = new Uint8Array(0);
let scratchSrc = new Uint16Array(0);
const RUNS_KEEP = 1 << 15;
let runs = new RunWriter(1024);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function normalize(text: string, kind: DocKind = 'plaintext'): Normalized {
  const n = text.length;
  const reuse = n <= SCRATCH_MAX;
  if (reuse && scratchAct.length < n) {
    const size = Math.min(SCRATCH_MAX, Math.max(n, scratchAct.length * 2, 4096));
    scratchAct = new Uint8Array(size);
    scratchSrc = new Uint16Array(size + 2);
  }
  const act = reuse ? scratchAct : new Uint8Array(n);
  if (reuse) act.fill(0, 0, n);

  // Page headers: whole line becomes whitespace. Every header line holds `No.` after nothing but
  // spaces and digits, so only the lines where `No.` occurs are tried (a /gm scan tries them all).
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
      if (HEADER_RE.test(text)) {
        // sticky: the match is [ls, lastIndex)
        act.fill(2, ls, HEADER_RE.lastIndex);
        next = Math.max(next, HEADER_RE.lastIndex);
      }
    }
    q = text.indexOf('No.', next);
  }

  if (kind === 'markdown') markdownMarks(text, act);
  else if (kind === 'latex') latexMarks(text, act);

  // The code units, read much faster from an array than with charCodeAt.
  const src = reuse ? scratchSrc : new Uint16Array(n + 2);
  if (LITTLE_ENDIAN) Buffer.from(src.buffer, src.byteOffset, n * 2).write(text, 0, 'utf16le');
  else for (let i = 0; i < n; i++) src[i] = text.charCodeAt(i);
  return output(text, src, act);
}

/** Advance `pos[k]` (the next occurrence of `needles[k]`, n for none) to `from` or later for every
 *  stream behind it, and return the stream whose occurrence comes first (-1 when all are done). */
function nextOf(text: string, needles: readonly string[], pos: Int32Array, from: number): number {
  const n = text.length;
  let best = -1;
  let at = n;
  for (let k = 0; k < needles.length; k++) {
    let p = pos[k]!;
    if (p < from) {
      p = text.indexOf(needles[k]!, from);
      pos[k] = p = p < 0 ? n : p;
    }
    if (p < at) {
      at = p;
      best = k;
    }
  }
  return best;
}

const MD_CHARS = ['*', '_', '\\', '`'];
const TEX_CHARS = ['%', '\\', '{', '}', '~', '-', '`', "'"];

/** Footnote markers, link syntax, emphasis, code ticks and escapes (act stays 0 for the text). */
function markdownMarks(text: string, act: Uint8Array): void {
  const n = text.length;
  // Footnote markers `[^x]` / `[^x]:`: every match starts at `[^`, so only those are tried.
  for (let q = text.indexOf('[^'); q >= 0; ) {
    FOOT_RE.lastIndex = q;
    const m = FOOT_RE.exec(text);
    if (m) {
      const end = q + m[0].length;
      act.fill(1, q, end);
      q = text.indexOf('[^', end);
    } else q = text.indexOf('[^', q + 1);
  }
  // Links `[text](url "title")` keep their text. A match starts at `[` whose first `]` after it
  // (the text holds no `]`) lies within 300 chars, with no line break between, and is followed
  // by `(`; only such `[` are tried. (The next `]` and line break are kept while still ahead.)
  let r = -1;
  let nl = -1;
  for (let q = text.indexOf('['); q >= 0; ) {
    if (r <= q) {
      r = text.indexOf(']', q + 1);
      if (r < 0) break;
    }
    let end = -1;
    if (r - q - 1 <= 300 && text.charCodeAt(r + 1) === 40) {
      if (nl <= q) {
        nl = text.indexOf('\n', q + 1);
        if (nl < 0) nl = n;
      }
      if (nl > r) {
        LINK_RE.lastIndex = q;
        const m = LINK_RE.exec(text);
        if (m) end = q + m[0].length;
      }
    }
    if (end >= 0) {
      act[q] = 1;
      act.fill(1, r, end);
      q = text.indexOf('[', end);
    } else q = text.indexOf('[', q + 1);
  }
  // `*` `_` `\` `` ` ``, left to right (an escape skips the char it escapes).
  const pos = new Int32Array(MD_CHARS.length).fill(-1);
  for (let from = 0; ; ) {
    const k = nextOf(text, MD_CHARS, pos, from);
    if (k < 0) break;
    const i = pos[k]!;
    from = i + 1;
    if (act[i] !== 0) continue;
    if (k === 0 || k === 3) act[i] = 1; // * `
    else if (k === 1) {
      // _ inside a word (snake_case) stays
      if (!(isAlnumCode(i > 0 ? text.charCodeAt(i - 1) : -1) && isAlnumCode(i + 1 < n ? text.charCodeAt(i + 1) : -1))) act[i] = 1;
    } else if (i + 1 < n) {
      // An escaped `* _ [ ] ( ) # \`` or `\` is kept as itself.
      const e = text.charCodeAt(i + 1);
      if (e === 42 || e === 95 || e === 91 || e === 93 || e === 40 || e === 41 || e === 35 || e === 96 || e === 92) {
        act[i] = 1;
        from = i + 2;
      }
    }
  }
}

/** Comments, control words and symbols, braces, ties, TeX dashes and quotes; left to right, each
 *  construct skipping the chars it consumed. */
function latexMarks(text: string, act: Uint8Array): void {
  const n = text.length;
  const pos = new Int32Array(TEX_CHARS.length).fill(-1);
  for (let from = 0; ; ) {
    const k = nextOf(text, TEX_CHARS, pos, from);
    if (k < 0) break;
    const i = pos[k]!;
    from = i + 1;
    if (act[i] !== 0) continue;
    const c = text.charCodeAt(i);
    if (c === 37) {
      // `%`: the rest of the line and the newline (TeX semantics: the next line's indentation
      // is then swallowed as leading whitespace).
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      act.fill(1, i, j < n ? j + 1 : n);
      from = j + 1;
    } else if (c === 92) {
      if (i + 1 >= n) {
        act[i] = 1;
        continue;
      }
      const nx = text.charCodeAt(i + 1);
      if ((nx === 83 || nx === 80) && !isLetterCode(i + 2 < n ? text.charCodeAt(i + 2) : -1)) {
        // \S → §, \P → ¶
        act[i] = nx === 83 ? 3 : 4;
        act[i + 1] = 1;
        from = i + 2;
      } else if (isLetterCode(nx)) {
        // A control word: its ASCII letters and a `*`.
        let j = i + 1;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90))) break;
        }
        if (j < n && text.charCodeAt(j) === 42) j++;
        const name = text.slice(i + 1, j);
        const spaceLike = name === 'footnote' || name === 'quad' || name === 'qquad' || name === 'par' || name === 'newline';
        act.fill(spaceLike ? 2 : 1, i, j);
        from = j;
      } else if (nx === 32 || nx === 44 || nx === 59 || nx === 92) {
        // `\ `, `\,`, `\;`, `\\` → space
        act[i] = 2;
        act[i + 1] = 2;
        from = i + 2;
      } else {
        // \& \% \_ \$ \# \{ \} → the character itself
        act[i] = 1;
        from = i + 2;
      }
    } else if (c === 123 || c === 125) act[i] = 1;
    else if (c === 126) act[i] = 2;
    else if (c === 45) {
      if (text.charCodeAt(i + 1) === 45) {
        if (text.charCodeAt(i + 2) === 45) {
          act[i] = 5; // --- → —
          act[i + 1] = 1;
          act[i + 2] = 1;
          from = i + 3;
        } else {
          act[i] = 6; // -- → –
          act[i + 1] = 1;
          from = i + 2;
        }
      }
    } else if (text.charCodeAt(i + 1) === c) {
      act[i] = 7; // `` and '' → "
      act[i + 1] = 1;
      from = i + 2;
    } else if (c === 96) act[i] = 8; // ` → '
  }
}

/** A dash (`-`, `–`) at i, kept so far, before a line break: join a word hyphenated across the
 *  line break (letter `-` whitespace-with-newline lowercase letter: the dash and the break go) or,
 *  before a capital or a digit, drop only the break (`Smith-Jones`, `1201–02`). Whitespace here
 *  includes dropped chars and whitespace actions. Returns the first index whose action it set to
 *  drop, or the text length when it set none (and the end of what it dropped in joinEnd). Dashes
 *  are decided left to right, each before the output pass reads the action of the dash or of
 *  anything after it. */
function joinAtDash(text: string, act: Uint8Array, i: number): number {
  joinEnd = i;
  const n = text.length;
  if (i === 0 || i >= n - 1) return n;
  const p = text.charCodeAt(i - 1);
  const prevDigit = p >= 48 && p <= 57;
  if (!prevDigit && !isLetterCode(p)) return n;
  const hyphen = text.charCodeAt(i) === 45 && !prevDigit;
  let j = i + 1;
  let sawNl = false;
  while (j < n && j - i < 400) {
    const c = text.charCodeAt(j);
    const a = act[j]!;
    if (!(a === 2 || a === 1 || isWsCode(c))) break;
    if (c === 10 || c === 13) sawNl = true;
    j++;
  }
  if (sawNl && j < n && act[j] === 0) {
    const c = text.charCodeAt(j);
    if (hyphen && isLowerCode(c)) {
      // `ques-\n    tion` → `question`
      act.fill(1, i, j);
      joinEnd = j;
      return i;
    }
    if (isLetterCode(c) || (c >= 48 && c <= 57)) {
      // `Smith-\n    Jones` → `Smith-Jones`, `1201–\n02` → `1201–02`: the dash stays
      act.fill(1, i + 1, j);
      joinEnd = j;
      return i + 1;
    }
  }
  return n;
}

let joinEnd = 0;

/** The first index at or after i whose action is not keep (n for none). */
function nextMarked(act: Uint8Array, words: Uint32Array, i: number, n: number): number {
  for (; i < n && (i & 3) !== 0; i++) if (act[i] !== 0) return i;
  const nw = n >> 2;
  let w = i >> 2;
  while (w < nw && words[w] === 0) w++;
  for (i = w << 2; i < n; i++) if (act[i] !== 0) return i;
  return n;
}

/** The normalized text and offset map. A whitespace run becomes one space — or nothing when it
 *  contains a line break and is followed by punctuation (the opinion's `981\n    , 984`,
 *  `1055\n    . As` read `981, 984`). The normalized code units are written over src as it is
 *  read (never ahead of the read position). */
function output(text: string, src: Uint16Array, act: Uint8Array): Normalized {
  const n = text.length;
  sawSurrogate = false;
  runs.reset();
  const len = outputPass(text, src, act, runs);
  const map = runs.map(len, n);
  if (runs.at.length > RUNS_KEEP) runs = new RunWriter(1024);
  // A lone surrogate (of the normalized text: a pair split by dropped chars is joined) → U+FFFD.
  if (sawSurrogate) loneSurrogates(src, len);
  let out: string;
  if (LITTLE_ENDIAN) out = Buffer.from(src.buffer, src.byteOffset, len * 2).toString('utf16le');
  else {
    out = '';
    for (let k = 0; k < len; k += 8192) out += String.fromCharCode(...src.subarray(k, Math.min(len, k + 8192)));
  }
  return { text: out, map, originalLength: n };
}

/** Set by outputPass: whether it kept a surrogate. */
let sawSurrogate = false;

function loneSurrogates(codes: Uint16Array, len: number): void {
  for (let k = 0; k < len; k++) {
    const c = codes[k]!;
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && k + 1 < len && codes[k + 1]! >= 0xdc00 && codes[k + 1]! <= 0xdfff) k++;
    else codes[k] = 0xfffd;
  }
}

/** The output pass proper; returns the normalized length. Each normalized char (or stretch of
 *  chars copied as they are) goes to `runs`, which joins it to the run before where it can. Nothing
 *  follows its loop: V8 compiles the loop while it runs (on-stack replacement), and code after it
 *  that has not run yet would throw that compiled loop away again on every call. */
function outputPass(text: string, src: Uint16Array, act: Uint8Array, out: RunWriter): number {
  const n = text.length;
  const words = new Uint32Array(act.buffer, act.byteOffset, n >> 2);
  const info = charInfo;
  let len = 0;
  let surrogates = false;
  let decided = -1; // dashes at or before this index are decided
  let lim = nextMarked(act, words, 0, n); // act is 0 (keep) on [i, lim)
  // Known to hold only keep actions: [zeroFrom, zeroTo), so that passing a joined hyphen does not
  // scan again up to the next mark.
  let zeroFrom = 0;
  let zeroTo = lim;
  for (let i = 0; i < n; ) {
    if (i < lim) {
      // Copy (quotes straightened) up to a STOP char, a space or dash before whitespace, or lim,
      // where the sentinel stops the loop. Branch-free but for the end of the stretch.
      const saved = src[lim]!;
      src[lim] = SENTINEL;
      const from = i;
      const len0 = len;
      let e = info[src[i]!]!;
      for (;;) {
        // two at a time: chars i and i + 1 (followed by i + 2)
        const f = info[src[i + 1]!]!;
        if (((e >> 16) & 1 | (e >> 17) & (f >> 18) & 1) !== 0) break;
        const g = info[src[i + 2]!]!;
        if (((f >> 16) & 1 | (f >> 17) & (g >> 18) & 1) !== 0) {
          src[len++] = e & 0xffff;
          i++;
          break;
        }
        src[len] = e & 0xffff;
        src[len + 1] = f & 0xffff;
        len += 2;
        i += 2;
        e = g;
      }
      src[lim] = saved;
      if (i > from) out.push(len0, from, i);
      if (i >= n) break;
    }
    // One step of the general case at i: a normalized char [i, end) or none.
    let a = act[i]!;
    let code = src[i]!;
    let end = i + 1;
    if (a === 0 && (code === 45 || code === 0x2013) && i > decided) {
      decided = i;
      const w = joinAtDash(text, act, i);
      if (w < lim) lim = w;
      if (w < zeroTo && joinEnd > zeroFrom) zeroFrom = joinEnd;
      a = act[i]!;
    }
    let next = end;
    if (a === 1) {
      while (end < n && act[end] === 1) end++;
      code = -1;
      next = end;
    } else if (a === 2 || (info[code]! & WS) !== 0) {
      let j = i + 1;
      let sawNl = code === 10 || code === 13;
      for (; j < n; j++) {
        let aj = act[j]!;
        if (aj === 1) continue;
        const c = src[j]!;
        if (aj !== 2 && (info[c]! & WS) === 0) {
          if (aj === 0 && (c === 45 || c === 0x2013) && j > decided) {
            decided = j;
            const w = joinAtDash(text, act, j);
            if (w < lim) lim = w;
            if (w < zeroTo && joinEnd > zeroFrom) zeroFrom = joinEnd;
            aj = act[j]!;
            if (aj === 1) continue;
          }
          break;
        }
        if (c === 10 || c === 13) sawNl = true;
      }
      const nx = j < n ? src[j]! : 0;
      const dropBeforePunct = sawNl && len > 0 && src[len - 1] !== 32 && (nx === 44 || nx === 46 || nx === 59 || nx === 58 || nx === 41);
      code = dropBeforePunct ? -1 : 32;
      end = j;
      next = j;
    } else if (a !== 0) {
      // The replaced group spans the chars it consumed (up to the next kept char, at most 3).
      for (; end < n && end < i + 3; end++) {
        let aj = act[end]!;
        if (aj === 1) continue;
        const c = src[end]!;
        if (aj === 0 && (c === 45 || c === 0x2013) && end > decided) {
          decided = end;
          const w = joinAtDash(text, act, end);
          if (w < lim) lim = w;
          if (w < zeroTo && joinEnd > zeroFrom) zeroFrom = joinEnd;
          aj = act[end]!;
          if (aj === 1) continue;
        }
        break;
      }
      code = REPLACEMENT[a]!;
      // only the replaced char is consumed here; the dropped rest of the group is skipped next
      next = i + 1;
    } else {
      const x = info[code]!;
      if (code >= 0xd800 && code <= 0xdfff) surrogates = true;
      code = x & 0xffff;
    }
    if (code >= 0) {
      out.push(len, i, end);
      src[len++] = code;
    }
    i = next;
    if (i > lim) {
      if (i >= zeroFrom && i < zeroTo) lim = zeroTo;
      else {
        lim = nextMarked(act, words, i, n);
        if (lim > i) {
          zeroFrom = i;
          zeroTo = lim;
        }
      }
    }
  }
  if (surrogates) sawSurrogate = true;
  return len;
}

/** Map a normalized half-open span to the original text. Empty spans map to a point. */
export function toOriginal(norm: Normalized, a: number, b: number): Span {
  return norm.map.toOriginal(a, b);
}

/** Map an original offset to the normalized offset of the first normalized char at or after it. */
export function toNormalized(norm: Normalized, orig: number): number {
  return norm.map.firstAtOrAfter(orig);
}
