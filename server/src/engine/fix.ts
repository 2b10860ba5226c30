// Fixes: minimal text edits built from a corrected string, and fix-all. Pure; never throws.
import type { Finding, Fix, TextEdit } from './checks-types';

/** Tokens for the word-level diff: runs of letters/digits, runs of spaces, single other chars. */
function tokenize(s: string): string[] {
  return s.match(/[\p{L}\p{N}]+|\s+|[^\p{L}\p{N}\s]/gu) ?? [];
}

/**
 * The minimal edits turning `original` (which sits at `offset` in the document) into
 * `replacement`: a word-level LCS diff, each changed run then trimmed of its common prefix and
 * suffix, so an edit touches only the characters that are wrong.
 */
export function diffEdits(original: string, replacement: string, offset: number): TextEdit[] {
  if (original === replacement) return [];
  const a = tokenize(original);
  const b = tokenize(replacement);
  // Very long inputs: one trimmed edit (the DP would be needlessly large).
  if (a.length * b.length > 250_000) return [trimEdit(original, replacement, offset)].filter(isReal);
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const edits: TextEdit[] = [];
  let i = 0;
  let j = 0;
  let pos = offset;
  let runStart = -1;
  let runOld = '';
  let runNew = '';
  const flush = () => {
    if (runStart >= 0) {
      const e = trimEdit(runOld, runNew, runStart);
      if (isReal(e)) edits.push(e);
    }
    runStart = -1;
    runOld = '';
    runNew = '';
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      pos += a[i]!.length;
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      if (runStart < 0) runStart = pos;
      runNew += b[j]!;
      j++;
    } else {
      if (runStart < 0) runStart = pos;
      runOld += a[i]!;
      pos += a[i]!.length;
      i++;
    }
  }
  flush();
  return edits;
}

function isReal(e: TextEdit): boolean {
  return e.start !== e.end || e.newText.length > 0;
}

function trimEdit(oldText: string, newText: string, start: number): TextEdit {
  let p = 0;
  while (p < oldText.length && p < newText.length && oldText[p] === newText[p]) p++;
  let s = 0;
  while (s < oldText.length - p && s < newText.length - p && oldText[oldText.length - 1 - s] === newText[newText.length - 1 - s]) s++;
  return { start: start + p, end: start + oldText.length - s, newText: newText.slice(p, newText.length - s) };
}

/** A fix replacing text[start, end) by `replacement`, as minimal edits; undefined when nothing changes. */
export function replaceFix(text: string, start: number, end: number, replacement: string, title: string, preferred = true): Fix | undefined {
  if (start < 0 || end > text.length || start > end) return undefined;
  const edits = diffEdits(text.slice(start, end), replacement, start);
  if (edits.length === 0) return undefined;
  return { title, edits, preferred };
}

/** Applies edits (non-overlapping) back to front. Overlapping edits after the first are skipped. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  const kept: TextEdit[] = [];
  let lastEnd = -1;
  for (const e of sorted) {
    if (e.start < 0 || e.end > text.length || e.start > e.end) continue;
    if (e.start < lastEnd) continue;
    kept.push(e);
    lastEnd = Math.max(e.end, e.start);
  }
  let out = text;
  for (let k = kept.length - 1; k >= 0; k--) {
    const e = kept[k]!;
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}

/**
 * Fix all: the preferred fix of each finding, whole fixes only (a fix whose edits overlap an
 * already chosen fix is skipped, to be applied by a later run), applied back to front.
 */
export function applyFixes(text: string, findings: Finding[]): string {
  try {
    return applyEdits(text, fixAllEdits(text, findings));
  } catch {
    return text;
  }
}

/** The edits fix-all would apply, non-overlapping, in document order. */
export function fixAllEdits(text: string, findings: Finding[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  const overlaps = (e: TextEdit) =>
    chosen.some((c) => (e.start < c.end && c.start < e.end) || (e.start === e.end && c.start === c.end && e.start === c.start) || (e.start === e.end && e.start > c.start && e.start < c.end) || (c.start === c.end && c.start > e.start && c.start < e.end));
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.preferred);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((e) => e.start < 0 || e.end > text.length || e.start > e.end)) continue;
    if (fix.edits.some(overlaps)) continue;
    chosen.push(...fix.edits);
  }
  return chosen.sort((x, y) => x.start - y.start || x.end - y.end);
}
