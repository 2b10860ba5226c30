// The normalize as it was before the page-header and ASCII fast paths, kept as the reference the
// current normalize must equal exactly: text and offsets (normalize-equivalence.test.ts).
// One offset map from the ORIGINAL text to a normalized text the parser scans.
// Normalized: whitespace runs (incl. newlines, indentation, NBSP) → one space; a word hyphenated
// across a line break is joined (`ques-\n    tion` → `question`); page-header lines (`No. 20-1754
// 13`, `12   No. 20-1754`) dropped; curly quotes straightened; Markdown emphasis, links and
// footnote markers removed; LaTeX emphasis commands, braces and comments removed, `~` → space,
// `\S` → `§`, `--` → `–`, `---` → `—`. En/em dashes themselves are kept as written.
import type { DocKind, Span } from "../../../server/src/engine/types";

export interface Normalized {
  /** The normalized text. */
  text: string;
  /** For each normalized char i: original [start[i], end[i]). Length text.length. */
  start: Int32Array;
  end: Int32Array;
  /** Length of the original text. */
  originalLength: number;
}

/** Whitespace as briefs contain it: ASCII, NBSP, the Unicode spaces, line/paragraph separators, BOM. */
export function isWsCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
function isLower(ch: string | undefined): boolean {
  return ch !== undefined && ch.toLowerCase() === ch && ch.toUpperCase() !== ch;
}
function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && ch.toLowerCase() !== ch.toUpperCase();
}
function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && (isLetter(ch) || (ch >= '0' && ch <= '9'));
}

const HEADER_RE = /^[ \t\u00a0]*(?:No\. ?\d{1,2}-\d{1,6}[ \t\u00a0]+\d{1,4}|\d{1,4}[ \t\u00a0]+No\. ?\d{1,2}-\d{1,6})[ \t\u00a0]*$/gm;

/** Action per original index: 0 = keep, 1 = drop, 2 = whitespace, 3 = replace (see repl). */
export function normalize(text: string, kind: DocKind = 'plaintext'): Normalized {
  const n = text.length;
  const act = new Uint8Array(n);
  const repl = new Map<number, string>(); // index → replacement text (act 3), remaining chars of the group are act 1

  // Page headers: whole line becomes whitespace.
  HEADER_RE.lastIndex = 0;
  for (let m = HEADER_RE.exec(text); m; m = HEADER_RE.exec(text)) {
    for (let i = m.index; i < m.index + m[0].length; i++) act[i] = 2;
    if (m[0].length === 0) HEADER_RE.lastIndex++;
  }

  if (kind === 'markdown') {
    const FOOT = /\[\^[^\]\s]{1,40}\]:?/g;
    for (let m = FOOT.exec(text); m; m = FOOT.exec(text)) for (let i = m.index; i < m.index + m[0].length; i++) act[i] = 1;
    const LINK = /\[([^\]\n]{0,300})\]\(([^()\s]{0,500})(?:\s+"[^"\n]{0,200}")?\)/g;
    for (let m = LINK.exec(text); m; m = LINK.exec(text)) {
      act[m.index] = 1;
      const close = m.index + 1 + m[1]!.length;
      for (let i = close; i < m.index + m[0].length; i++) act[i] = 1;
    }
    for (let i = 0; i < n; i++) {
      if (act[i] !== 0) continue;
      const c = text[i]!;
      if (c === '*') act[i] = 1;
      else if (c === '_' && !(isAlnum(text[i - 1]) && isAlnum(text[i + 1]))) act[i] = 1;
      else if (c === '\\' && i + 1 < n && /[*_\[\]()#`\\]/.test(text[i + 1]!)) {
        act[i] = 1;
        i++;
      } else if (c === '`') act[i] = 1;
    }
  } else if (kind === 'latex') {
    for (let i = 0; i < n; i++) {
      if (act[i] !== 0) continue;
      const c = text[i]!;
      if (c === '%') {
        let j = i;
        while (j < n && text[j] !== '\n') act[j++] = 1;
        // The newline and the next line's indentation are swallowed too (TeX semantics).
        if (j < n) act[j] = 1;
        i = j;
      } else if (c === '\\') {
        const nx = text[i + 1];
        if (nx === undefined) {
          act[i] = 1;
        } else if (nx === 'S' && !isLetter(text[i + 2])) {
          act[i] = 3;
          repl.set(i, '\u00a7');
          act[i + 1] = 1;
          i++;
        } else if (nx === 'P' && !isLetter(text[i + 2])) {
          act[i] = 3;
          repl.set(i, '\u00b6');
          act[i + 1] = 1;
          i++;
        } else if (isLetter(nx)) {
          let j = i + 1;
          while (j < n && /[A-Za-z]/.test(text[j]!)) j++;
          if (text[j] === '*') j++;
          const name = text.slice(i + 1, j);
          const spaceLike = name === 'footnote' || name === 'quad' || name === 'qquad' || name === 'par' || name === 'newline';
          for (let k = i; k < j; k++) act[k] = spaceLike ? 2 : 1;
          // Control words swallow following spaces when not followed by `{`.
          i = j - 1;
        } else if (nx === ' ' || nx === ',' || nx === ';' || nx === '\\') {
          act[i] = 2;
          act[i + 1] = 2;
          i++;
        } else {
          // \& \% \_ \$ \# \{ \} → the character itself
          act[i] = 1;
          i++;
        }
      } else if (c === '{' || c === '}') act[i] = 1;
      else if (c === '~') act[i] = 2;
      else if (c === '-' && text[i + 1] === '-') {
        if (text[i + 2] === '-') {
          act[i] = 3;
          repl.set(i, '\u2014');
          act[i + 1] = 1;
          act[i + 2] = 1;
          i += 2;
        } else {
          act[i] = 3;
          repl.set(i, '\u2013');
          act[i + 1] = 1;
          i++;
        }
      } else if ((c === '`' && text[i + 1] === '`') || (c === "'" && text[i + 1] === "'")) {
        act[i] = 3;
        repl.set(i, '"');
        act[i + 1] = 1;
        i++;
      } else if (c === '`') {
        act[i] = 3;
        repl.set(i, "'");
      }
    }
  }

  // Join words hyphenated across a line break (letter `-` ws-with-newline lowercase letter); a
  // dash before a line break and a capital or digit stays, the line break goes.
  // Only dashes start this check, so the loop is cheap.
  const DASHES = /[-\u2013]/g;
  for (let m = DASHES.exec(text); m; m = DASHES.exec(text)) {
    const i = m.index;
    if (i === 0 || i >= n - 1 || act[i] !== 0) continue;
    const prevDigit = text.charCodeAt(i - 1) >= 48 && text.charCodeAt(i - 1) <= 57;
    if (!isLetter(text[i - 1]) && !prevDigit) continue;
    const hyphen = text[i] === '-' && !prevDigit;
    let j = i + 1;
    let sawNl = false;
    while (j < n && j - i < 400) {
      const c = text.charCodeAt(j);
      if (!(act[j] === 2 || act[j] === 1 || isWsCode(c))) break;
      if (c === 10 || c === 13) sawNl = true;
      j++;
    }
    if (sawNl && j < n && act[j] === 0) {
      if (hyphen && isLower(text[j])) {
        // `ques-\n    tion` → `question`
        for (let k = i; k < j; k++) act[k] = 1;
      } else if (isLetter(text[j]) || (text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57)) {
        // `Smith-\n    Jones` → `Smith-Jones`, `1201–\n02` → `1201–02`: the dash stays
        for (let k = i + 1; k < j; k++) act[k] = 1;
      }
      DASHES.lastIndex = j;
    }
  }

  // Output. A whitespace run becomes one space — or nothing when it contains a line break and
  // is followed by punctuation (the opinion's `981\n    , 984`, `1055\n    . As` read `981, 984`).
  const codes = new Uint16Array(n);
  const st = new Int32Array(n);
  const en = new Int32Array(n);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const a = act[i]!;
    let code = text.charCodeAt(i);
    if (a === 0 && code > 32 && code < 0x85) {
      codes[len] = code;
      st[len] = i;
      en[len++] = i + 1;
      continue;
    }
    if (a === 1) continue;
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
      const dropBeforePunct = sawNl && len > 0 && codes[len - 1] !== 32 && (next === 44 || next === 46 || next === 59 || next === 58 || next === 41);
      if (!dropBeforePunct) {
        codes[len] = 32;
        st[len] = i;
        en[len++] = j;
      }
      i = j - 1;
      continue;
    }
    if (a === 3) {
      code = repl.get(i)!.charCodeAt(0);
      let j = i + 1;
      while (j < n && act[j] === 1) j++;
      // the replaced group spans the chars it consumed (up to the next kept char, at most 3)
      codes[len] = code;
      st[len] = i;
      en[len++] = Math.min(j, i + 3);
      continue;
    }
    if (code === 0x2018 || code === 0x2019 || code === 0x02bc) code = 39;
    else if (code === 0x201c || code === 0x201d) code = 34;
    codes[len] = code;
    st[len] = i;
    en[len++] = i + 1;
  }
  // Lone surrogates decode to U+FFFD: one code unit for one, so offsets are unaffected.
  let out: string;
  if (LITTLE_ENDIAN) out = UTF16.decode(codes.subarray(0, len));
  else {
    out = '';
    for (let k = 0; k < len; k += 8192) out += String.fromCharCode(...codes.subarray(k, Math.min(len, k + 8192)));
  }
  return { text: out, start: st.subarray(0, len), end: en.subarray(0, len), originalLength: n };
}

const UTF16 = new TextDecoder('utf-16le');
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Map a normalized half-open span to the original text. Empty spans map to a point. */
export function toOriginal(norm: Normalized, a: number, b: number): Span {
  const len = norm.text.length;
  if (len === 0) return { start: 0, end: 0 };
  a = Math.max(0, Math.min(a, len));
  b = Math.max(a, Math.min(b, len));
  if (a === b) {
    const p = a < len ? norm.start[a]! : norm.originalLength;
    return { start: p, end: p };
  }
  return { start: norm.start[a]!, end: norm.end[b - 1]! };
}

/** Map an original offset to the normalized offset of the first normalized char at or after it. */
export function toNormalized(norm: Normalized, orig: number): number {
  const s = norm.start;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! < orig) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
