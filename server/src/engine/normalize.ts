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
  /** For each normalized char i: original [start[i], end[i]). Length text.length. */
  start: Int32Array;
  end: Int32Array;
  /** Length of the original text. */
  originalLength: number;
}

const WS_RE = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;
function isWs(ch: string): boolean {
  return WS_RE.test(ch);
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

  // Join words hyphenated across a line break: letter `-` ws-with-newline lowercase-letter.
  for (let i = 1; i < n - 1; i++) {
    if (text[i] !== '-' || act[i] !== 0 || !isLetter(text[i - 1])) continue;
    let j = i + 1;
    let sawNl = false;
    while (j < n && (act[j] === 2 || act[j] === 1 || isWs(text[j]!)) && j - i < 400) {
      if (text[j] === '\n' || text[j] === '\r') sawNl = true;
      j++;
    }
    if (sawNl && j < n && isLower(text[j]) && act[j] === 0) {
      for (let k = i; k < j; k++) act[k] = 1;
      i = j - 1;
    }
  }

  // A line break right before punctuation (the opinion's `981\n    , 984`, `1055\n    . As`) is
  // dropped rather than turned into a space, so the normalized text reads `981, 984`.
  for (let i = 0; i < n; i++) {
    if (act[i] === 1 || !(act[i] === 2 || isWs(text[i]!))) continue;
    let j = i;
    let sawNl = false;
    while (j < n && (act[j] === 1 || act[j] === 2 || isWs(text[j]!))) {
      if (text[j] === '\n' || text[j] === '\r') sawNl = true;
      j++;
    }
    if (sawNl && j < n && /[,.;:)]/.test(text[j]!) && i > 0 && !isWs(text[i - 1]!)) {
      for (let k = i; k < j; k++) act[k] = 1;
    }
    i = j;
  }

  const outChars: string[] = [];
  const st: number[] = [];
  const en: number[] = [];
  let inWs = false;
  for (let i = 0; i < n; i++) {
    const a = act[i]!;
    if (a === 1) continue;
    let c = text[i]!;
    if (a === 2 || isWs(c)) {
      if (!inWs) {
        outChars.push(' ');
        st.push(i);
        en.push(i + 1);
        inWs = true;
      } else {
        en[en.length - 1] = i + 1;
      }
      continue;
    }
    inWs = false;
    if (a === 3) {
      c = repl.get(i)!;
      let j = i + 1;
      while (j < n && act[j] === 1) j++;
      // the replaced group spans the chars it consumed (up to the next kept char)
      outChars.push(c);
      st.push(i);
      en.push(Math.min(j, i + 3));
      continue;
    }
    if (c === '\u2018' || c === '\u2019' || c === '\u02bc') c = "'";
    else if (c === '\u201c' || c === '\u201d') c = '"';
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        // keep surrogate pairs as two chars, each mapped to its own code unit
        outChars.push(c);
        st.push(i);
        en.push(i + 1);
        continue;
      }
    }
    outChars.push(c);
    st.push(i);
    en.push(i + 1);
  }
  return { text: outChars.join(''), start: Int32Array.from(st), end: Int32Array.from(en), originalLength: n };
}

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
