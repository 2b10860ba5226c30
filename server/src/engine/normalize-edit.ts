// Re-normalizing after an edit without re-normalizing the whole document.
//
// Normalization is local: what a character becomes depends on its line and on the whitespace runs
// around it (a run collapses to one space, a hyphen before a line break joins the next word, a
// page-header line turns into whitespace), and on a Markdown link at most ~800 characters long
// that never spans the start of a line beginning with a letter or digit. So the text around an
// edit is normalized on its own, in a window from a line start well before the edit to a line end
// well after it, and spliced into the previous normalization at two stitch points: the first
// non-blank character of a line, when it is a letter or digit, outside the edit, where both normalizations have a character
// starting at exactly that offset and agree (text and offsets) for STITCH_CHECK characters beside
// it. Anything that reaches across a stitch shows up as a disagreement there; then the window
// grows, and past MAX_WINDOW the caller normalizes the whole text. The property test
// (test/unit/engine/incremental.test.ts) checks the result equals a full normalization.
import { normalize, toNormalized, type Normalized } from './normalize';
import type { OffsetMap } from './offset-map';
import type { Rope } from './rope';
import type { DocKind } from './types';

/** Characters of agreement required beside each stitch point. */
const STITCH_CHECK = 48;
/** Stitch candidates tried on each side before the window grows. */
const STITCH_TRIES = 8;
/** Normalized text kept between a stitch point and the window's edge. */
const EDGE = 768;
/** First margin around the edit; it grows ×4 when a stitch fails. */
const FIRST_MARGIN = 2048;
/** Beyond this window size a full normalization is as cheap and simpler. */
const MAX_WINDOW = 1 << 18;

/** The normalized text of the new document, and what changed: old [n0, n1Old) became new [n0, n1New). */
export interface NormalizedEdit {
  /** The new normalized text and its map to the original. */
  text: Rope;
  map: OffsetMap;
  n0: number;
  n1Old: number;
  n1New: number;
}

function isStitchChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Start of the line holding `i` (0 or just after a `\n`). */
function lineStart(text: string, i: number): number {
  if (i <= 0) return 0;
  const nl = text.lastIndexOf('\n', i - 1);
  return nl + 1;
}

/** End of the line holding `i`, past its `\n` (or the text's length). */
function lineEnd(text: string, i: number): number {
  if (i >= text.length) return text.length;
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * The first non-blank character of the line that starts at `ls`, if it is a letter or digit (a
 * stitch point), else -1. Leading spaces and tabs are skipped: briefs indent their lines.
 */
function stitchAt(text: string, ls: number): number {
  let i = ls;
  while (i < text.length && i - ls < 64) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i < text.length && isStitchChar(text.charCodeAt(i)) ? i : -1;
}

/** The last stitch point in [lo, hi], or -1. */
function stitchBefore(text: string, lo: number, hi: number): number {
  for (let nl = text.lastIndexOf('\n', hi - 1); nl >= 0 && nl + 1 >= lo; nl = nl > 0 ? text.lastIndexOf('\n', nl - 1) : -1) {
    const x = stitchAt(text, nl + 1);
    if (x >= lo && x <= hi) return x;
  }
  return -1;
}

/** The first stitch point in [lo, hi], or -1. */
function stitchAfter(text: string, lo: number, hi: number): number {
  for (let nl = text.indexOf('\n', Math.max(0, lo - 65)); nl >= 0 && nl + 1 <= hi; nl = text.indexOf('\n', nl + 1)) {
    const x = stitchAt(text, nl + 1);
    if (x >= lo && x <= hi) return x;
  }
  return -1;
}

/** Do old[i..i+n) and win[j..j+n) agree (text, and offsets with win shifted by `ws`, old by `os`)? */
function agree(oldText: Rope, old: OffsetMap, i: number, win: Normalized, j: number, n: number, os: number, ws: number): boolean {
  if (i < 0 || j < 0 || i + n > oldText.length || j + n > win.text.length) return false;
  for (let k = 0; k < n; k++) {
    if (oldText.charCodeAt(i + k) !== win.text.charCodeAt(j + k)) return false;
    if (old.start(i + k) + os !== win.map.start(j + k) + ws) return false;
    if (old.end(i + k) + os !== win.map.end(j + k) + ws) return false;
  }
  return true;
}

/**
 * The normalization of `text`, given the normalization (`oldText`, `old`) of the previous text and
 * the edit that turned one into the other: original [e0, e1Old) of the old text became [e0, e1New)
 * of text. Undefined when a full normalization is the better (or the only sure) way.
 */
export function normalizeEdit(oldText: Rope, old: OffsetMap, text: string, kind: DocKind, e0: number, e1Old: number, e1New: number): NormalizedEdit | undefined {
  const d = e1New - e1Old;
  const oldLen = oldText.length;
  for (let margin = FIRST_MARGIN; margin <= MAX_WINDOW; margin *= 4) {
    const L = lineStart(text, e0 - margin);
    const R = lineEnd(text, e1New + margin);
    if (R - L > MAX_WINDOW) return undefined;
    if (L === 0 && R === text.length) return undefined; // the window is the whole text
    const win = normalize(text.slice(L, R), kind);
    const wlen = win.text.length;

    // Left stitch: offset xl < e0, old char nl and window char wl both start there. A candidate
    // that fails (a page header, a line the edit reaches) gives way to the one before it.
    let nl = 0;
    let wl = 0;
    if (L > 0) {
      let ok = false;
      for (let xl = stitchBefore(text, L + 1, e0 - 1), tries = 0; xl >= 0 && tries < STITCH_TRIES; xl = stitchBefore(text, L + 1, xl - 1), tries++) {
        wl = toNormalized(win, xl - L);
        if (wl < EDGE) break;
        nl = old.firstAtOrAfter(xl);
        if (wl >= wlen || win.map.start(wl) + L !== xl) continue;
        if (nl >= oldLen || old.start(nl) !== xl) continue;
        if (!agree(oldText, old, nl - STITCH_CHECK, win, wl - STITCH_CHECK, STITCH_CHECK, 0, L)) continue;
        ok = true;
        break;
      }
      if (!ok) continue;
    }
    // Right stitch: offset xr >= e1New (old xr - d), with EDGE window characters after it.
    let nr = oldLen;
    let wr = wlen;
    if (R < text.length) {
      let ok = false;
      for (let xr = stitchAfter(text, e1New + 1, R - 1), tries = 0; xr >= 0 && tries < STITCH_TRIES; xr = stitchAfter(text, xr + 1, R - 1), tries++) {
        wr = toNormalized(win, xr - L);
        if (wlen - wr < EDGE) break;
        nr = old.firstAtOrAfter(xr - d);
        if (wr >= wlen || win.map.start(wr) + L !== xr) continue;
        if (nr >= oldLen || old.start(nr) + d !== xr) continue;
        if (!agree(oldText, old, nr, win, wr, STITCH_CHECK, d, L)) continue;
        ok = true;
        break;
      }
      if (!ok) continue;
    }
    if (nr < nl || wr < wl) continue;

    // Splice: old [0, nl) + window [wl, wr) shifted by L + old [nr, end) shifted by d.
    const map = old.splice(nl, nr, win.map, wl, wr, L, d, text.length);
    const midLen = wr - wl;
    const ntext = oldText.splice(nl, nr, win.text.slice(wl, wr));

    // What changed, in normalized offsets: trim the common prefix and suffix (text and offsets).
    // Both lie in the spliced window: new character i there is window character wl + i - nl.
    const midAt = wl - nl;
    let n0 = nl;
    const maxPre = Math.min(nr, nl + midLen);
    while (n0 < maxPre && oldText.charCodeAt(n0) === win.text.charCodeAt(n0 + midAt) && old.start(n0) === map.start(n0) && old.end(n0) === map.end(n0)) n0++;
    let n1Old = nr;
    let n1New = nl + midLen;
    while (n1Old > n0 && n1New > n0 && oldText.charCodeAt(n1Old - 1) === win.text.charCodeAt(n1New - 1 + midAt) && old.start(n1Old - 1) + d === map.start(n1New - 1) && old.end(n1Old - 1) + d === map.end(n1New - 1)) {
      n1Old--;
      n1New--;
    }
    return { text: ntext, map, n0, n1Old, n1New };
  }
  return undefined;
}
