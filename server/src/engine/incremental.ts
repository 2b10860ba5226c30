// Incremental extraction: the citations of an edited document from those of its previous version,
// re-scanning only what the edit can affect. The result is the same as a full extraction of the
// new text (test/unit/engine/incremental.test.ts checks that on thousands of random edits).
//
//   1. The edit is the span between the texts' common prefix and suffix (so any batch of changes
//      is one edit).
//   2. normalizeEdit re-normalizes a window around it and splices it into the old normalization,
//      giving the normalized span that changed: old [n0, n1Old) → new [n0, n1New).
//   3. The scanner restarts at the first citation whose reads (SCAN_READ_AHEAD past its end) may
//      reach n0, in the state the old scan had there, and stops at the first citation it finds
//      past n1New + 2·SCAN_READ_BACK whose trigger, core and resume point match an old citation
//      shifted by the edit: from there on the old scan's citations are the new scan's, shifted.
//      It reads a flat copy of just that stretch of the normalized text, which is kept in pieces
//      (rope.ts) so that an edit never copies all of it.
//   4. Nesting is recomputed over the whole list (linear), short-form / id. resolution from the
//      first citation whose nesting or place changed.
// Citation objects of the previous snapshot are never mutated: those the edit leaves exactly as
// they were are shared, the others are copied; except that a caller that drops the previous
// snapshot (UpdateOptions.consume) lets the citations after the edit be moved in place.
import type { Citation, Defect, DocKind, Parenthetical, Part, Pin, ReporterCite } from './types';
import { MAX_PAREN, SCAN_ARRAY_KEYS, SCAN_READ_AHEAD, SCAN_READ_BACK, SCAN_READ_PAST_END, extractUnresolved, nesting, newCitation, scanArrays, scanFrom, setScanned, toCitation, type ScanArrays, type Scanned } from './extract';
import { normalizeEdit } from './normalize-edit';
import type { OffsetMap } from './offset-map';
import { Rope } from './rope';
import { joinKind, resolveAll } from './resolve';

/**
 * One version of a document: its text, normalization and resolved citations, and per citation
 * what the scanner found (ScanArrays, read-only here).
 */
export interface Snapshot extends Readonly<ScanArrays> {
  readonly text: string;
  readonly kind: DocKind;
  /** The normalized text (in pieces: see rope.ts), and its map to offsets in `text`. */
  readonly ntext: Rope;
  readonly map: OffsetMap;
  /** Resolved citations, document order (the same as extract(text, kind).citations). */
  readonly citations: Citation[];
  /** How it was made: a full pass, or incremental with how many citations were re-scanned / reused. */
  readonly stats: SnapshotStats;
}

export interface SnapshotStats {
  mode: 'full' | 'incremental';
  rescanned: number;
  reused: number;
  /** For an incremental update: where the text changed since the previous snapshot. */
  edit?: EditSpan;
  /**
   * For an incremental update: every citation is the previous snapshot's, moved past the edit
   * (same text, parts, nesting and resolution), and the edit lies outside them all. The checks
   * then need re-running only near the edit (checks.ts, `checkWithMemo`).
   */
  same?: boolean;
  /**
   * For an incremental update that is not `same`: the citations [from, from + fresh) are new, in
   * place of the previous snapshot's [from, from + replaced); the others are the previous ones,
   * those after moved, with nesting and resolution recomputed.
   */
  window?: { from: number; fresh: number; replaced: number };
}

/** Where a text changed: [e0, e1Old) of the old text became [e0, e1New) of the new one. */
export interface EditSpan {
  e0: number;
  e1Old: number;
  e1New: number;
}

/** How far past the expected point of falling in step the re-scan's first copy of the text reaches. */
const WINDOW_SLACK = 4096;

function resolve(cits: Citation[], s: { slice(a: number, b: number): string }, a: Int32Array, b: Int32Array, from = 0): void {
  resolveAll(cits, (j, next) => s.slice(b[j]!, a[next]!), from);
}

/** A full extraction, as a snapshot the next edit can start from. */
export function fullSnapshot(text: string, kind: DocKind): Snapshot {
  const u = extractUnresolved(text, kind);
  const n = u.citations.length;
  const arr = u.scan;
  resolve(u.citations, u.s, arr.a, arr.b);
  const map = u.norm.map;
  return { text, kind, ntext: Rope.of(u.s), map, citations: u.citations, ...arr, stats: { mode: 'full', rescanned: n, reused: 0 } };
}

/** Length of the common prefix of a and b. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  const CH = 32768;
  while (i + CH <= n && a.substring(i, i + CH) === b.substring(i, i + CH)) i += CH;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of a and b, not reaching into the first `floor` characters. */
export function commonSuffix(a: string, b: string, floor: number): number {
  const n = Math.min(a.length, b.length) - floor;
  let k = 0;
  const CH = 32768;
  while (k + CH <= n && a.substring(a.length - k - CH, a.length - k) === b.substring(b.length - k - CH, b.length - k)) k += CH;
  while (k < n && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/**
 * Is `edit` (from the editor's change events) consistent with the two texts? Its bounds and
 * lengths must agree and the characters just outside it must be unchanged; a wrong region would
 * give a wrong result, so anything doubtful falls back to comparing the texts.
 */
function plausible(a: string, b: string, e: EditSpan): boolean {
  const { e0, e1Old, e1New } = e;
  if (!(Number.isInteger(e0) && Number.isInteger(e1Old) && Number.isInteger(e1New))) return false;
  if (e0 < 0 || e1Old < e0 || e1New < e0 || e1Old > a.length || e1New > b.length) return false;
  if (a.length - e1Old !== b.length - e1New) return false;
  const edge = 64;
  for (let k = Math.max(0, e0 - edge); k < e0; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  for (let k = 0; k < edge && e1Old + k < a.length; k++) if (a.charCodeAt(e1Old + k) !== b.charCodeAt(e1New + k)) return false;
  return true;
}

/** The old trigger array's index holding exactly `t`, or -1. */
function findTrigger(tr: Int32Array, from: number, t: number): number {
  let lo = from;
  let hi = tr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tr[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < tr.length && tr[lo] === t ? lo : -1;
}

// Copies with explicit, fixed shapes: far cheaper than object spread on a few thousand parts.
function shiftPart(p: Part, d: number): Part {
  return { start: p.start + d, end: p.end + d, text: p.text };
}


function shiftPin(p: Pin, d: number): Pin {
  const o: Pin = { kind: p.kind, start: p.start + d, end: p.end + d, text: p.text };
  if (p.first !== undefined) o.first = p.first;
  if (p.last !== undefined) o.last = p.last;
  if (p.footnotes) o.footnotes = p.footnotes;
  return o;
}

function shiftDefect(x: Defect, d: number): Defect {
  const o: Defect = { start: x.start + d, end: x.end + d, code: x.code };
  if (x.replacement !== undefined) o.replacement = x.replacement;
  if (x.detail !== undefined) o.detail = x.detail;
  return o;
}

function shiftRC(r: ReporterCite, d: number): ReporterCite {
  const o: ReporterCite = {
    volume: { value: r.volume.value, start: r.volume.start + d, end: r.volume.end + d, text: r.volume.text },
    reporter: { canonical: r.reporter.canonical, start: r.reporter.start + d, end: r.reporter.end + d, text: r.reporter.text },
  };
  if (r.page) o.page = { value: r.page.value, start: r.page.start + d, end: r.page.end + d, text: r.page.text };
  return o;
}

/** A copy of c moved by d characters (nesting and resolution left out: they are recomputed). */
function shifted(c: Citation, d: number): Citation {
  const o = newCitation(c.kind, c.start + d, c.end + d, c.text);
  if (c.parallel.length) o.parallel = c.parallel.map((r) => shiftRC(r, d));
  if (c.pins.length) o.pins = c.pins.map((p) => shiftPin(p, d));
  if (c.parentheticals.length) o.parentheticals = c.parentheticals.map((p): Parenthetical => ({ kind: p.kind, nested: p.nested, start: p.start + d, end: p.end + d, text: p.text }));
  if (c.defects.length) o.defects = c.defects.map((x) => shiftDefect(x, d));
  if (c.signal) o.signal = shiftPart(c.signal, d);
  if (c.name) o.name = { parties: c.name.parties.map((p) => shiftPart(p, d)), start: c.name.start + d, end: c.name.end + d, text: c.name.text };
  if (c.cite) o.cite = shiftRC(c.cite, d);
  if (c.court) o.court = shiftPart(c.court, d);
  if (c.year) o.year = { value: c.year.value, start: c.year.start + d, end: c.year.end + d, text: c.year.text };
  if (c.date) o.date = shiftPart(c.date, d);
  if (c.docket) o.docket = shiftPart(c.docket, d);
  if (c.code) o.code = shiftPart(c.code, d);
  if (c.title) o.title = shiftPart(c.title, d);
  if (c.sections) o.sections = c.sections.map((p) => shiftPart(p, d));
  if (c.label) o.label = shiftPart(c.label, d);
  o.sentenceStart = c.sentenceStart;
  return o;
}

function movePart(p: { start: number; end: number }, d: number): void {
  p.start += d;
  p.end += d;
}

function moveRC(r: ReporterCite, d: number): void {
  movePart(r.volume, d);
  movePart(r.reporter, d);
  if (r.page) movePart(r.page, d);
}

/**
 * c itself moved by d characters, for an update that consumes the previous snapshot: what
 * shifted() does without allocating (nesting and resolution are cleared: they are recomputed).
 */
function movedInPlace(c: Citation, d: number, keepLinks = false): Citation {
  movePart(c, d);
  for (const r of c.parallel) moveRC(r, d);
  for (const p of c.pins) movePart(p, d);
  for (const p of c.parentheticals) movePart(p, d);
  for (const x of c.defects) movePart(x, d);
  if (c.signal) movePart(c.signal, d);
  if (c.name) {
    movePart(c.name, d);
    for (const p of c.name.parties) movePart(p, d);
  }
  if (c.cite) moveRC(c.cite, d);
  if (c.court) movePart(c.court, d);
  if (c.year) movePart(c.year, d);
  if (c.date) movePart(c.date, d);
  if (c.docket) movePart(c.docket, d);
  if (c.code) movePart(c.code, d);
  if (c.title) movePart(c.title, d);
  if (c.sections) for (const p of c.sections) movePart(p, d);
  if (c.label) movePart(c.label, d);
  if (!keepLinks) {
    c.parent = undefined;
    c.resolution = undefined;
  }
  return c;
}

/** A copy of c moved by d that keeps its nesting and resolution (shifted() leaves them out). */
function shiftedLinked(c: Citation, d: number): Citation {
  const o = shifted(c, d);
  o.parent = c.parent;
  o.resolution = c.resolution;
  return o;
}

const SKIP_KEYS = new Set(['parent', 'resolution', 'nested']);

/**
 * Is `c` (just scanned) the old citation `o` moved by `dl`: every field equal, `start` and `end`
 * offsets dl further on? Nesting and resolution are left out (a fresh scan has none yet).
 */
function sameMoved(o: unknown, c: unknown, dl: number): boolean {
  if (o === c) return dl === 0;
  if (typeof o !== 'object' || typeof c !== 'object' || o === null || c === null) return false;
  if (Array.isArray(o) !== Array.isArray(c)) return false;
  const x = o as Record<string, unknown>;
  const y = c as Record<string, unknown>;
  if (Array.isArray(o)) {
    const ya = c as unknown[];
    if (o.length !== ya.length) return false;
    for (let i = 0; i < o.length; i++) if (!sameMoved(o[i], ya[i], dl)) return false;
    return true;
  }
  for (const key in y) {
    if (SKIP_KEYS.has(key)) continue;
    const a = x[key];
    const b = y[key];
    if (key === 'start' || key === 'end') {
      if (typeof a !== 'number' || a + dl !== b) return false;
    } else if (a !== b && !sameMoved(a, b, dl)) return false;
  }
  for (const key in x) if (!(key in y) && x[key] !== undefined && !SKIP_KEYS.has(key)) return false;
  return true;
}

/** A copy of c for the new snapshot (same offsets and parts), without nesting and resolution. */
function reused(c: Citation): Citation {
  // Assigned onto a newCitation(), which has every field already, so the copy keeps the one
  // shape all citations share (a spread would make a new one).
  const o = Object.assign(newCitation(c.kind, c.start, c.end, c.text), c);
  o.parent = undefined;
  o.resolution = undefined;
  return o;
}

function sameList(x: readonly number[], y: readonly number[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export interface UpdateOptions {
  /**
   * The caller drops `prev`, and everything it read from it, once this returns (a language server
   * keeping only each document's latest snapshot). The citations after the edit are then moved in
   * place rather than copied: on a 350 KB brief, ~400 KB less to allocate and collect a keystroke.
   * Without it, `prev` is never changed.
   */
  consume?: boolean;
}

/**
 * Did the edit leave every citation as it was? The re-scan found as many citations as it replaced,
 * each the old one with the same text and parts, moved past the edit or not at all (none spans
 * it), so nesting is unchanged too. Resolution reads the text only to ask whether the text between
 * two top-level citations joins them into one citation sentence (resolve.ts, joinKind): the answer
 * for the gap holding the edit must be unchanged as well.
 */
function unchangedCitations(
  prev: Snapshot,
  freshCits: Citation[],
  k: number,
  tailFrom: number,
  s: Rope,
  fresh: Scanned[],
  lo: number,
  e: EditSpan,
  n0: number,
  n1Old: number,
  n1New: number,
): boolean {
  if (freshCits.length !== tailFrom - k) return false;
  const d = e.e1New - e.e1Old;
  for (let f = 0; f < freshCits.length; f++) {
    const o = prev.citations[k + f]!;
    // A citation the edit touches (or that starts right where an insertion is) changed.
    if (o.start < e.e1Old + 1 && o.end > e.e0 - 1) return false;
    if (!sameMoved(o, freshCits[f], o.start >= e.e1Old ? d : 0)) return false;
  }
  // The tail (moved) citations must all start past the edit.
  if (tailFrom < prev.citations.length && prev.citations[tailFrom]!.start < e.e1Old + 1) return false;
  // (The head's citations, below k, all end before the edit: that is how k was chosen.)
  // The top-level citation pair whose gap holds the edit (in normalized offsets), if any.
  const cs = prev.citations;
  let g = -1;
  for (let i = Math.min(cs.length, tailFrom + 1) - 1; i >= 0; i--) {
    if (cs[i]!.parent === undefined && prev.b[i]! <= n0) {
      g = i;
      break;
    }
  }
  let next = g + 1;
  while (next < cs.length && cs[next]!.parent !== undefined) next++;
  if (next >= cs.length) return true; // no later top-level citation: no gap holds the edit
  if (g < 0) return true; // the edit is before the first top-level citation's gap
  if (prev.a[next]! < n1Old) return false;
  // The new offsets of g's end and next's start (the citation indexes are unchanged).
  const dn = n1New - n1Old;
  const at = (i: number, which: 'a' | 'b') => (i < k ? prev[which][i]! : i < tailFrom ? fresh[i - k]!.c[which] + lo : prev[which][i]! + dn);
  const newB = at(g, 'b');
  const newA = at(next, 'a');
  return joinKind(prev.ntext.slice(prev.b[g]!, prev.a[next]!)) === joinKind(s.slice(newB, newA));
}

/**
 * dst[at…] = src[from…] + d. A function of its own, as are the other loops over every citation on
 * a keystroke's path: V8 optimizes a small function after a few calls, while a loop inside a large
 * one runs unoptimized until the whole function is (tens of keystrokes after a document opens).
 */
function copyMoved(dst: Int32Array, at: number, src: Int32Array, from: number, d: number): void {
  dst.set(src.subarray(from), at);
  if (d !== 0) for (let i = at; i < dst.length; i++) dst[i]! += d;
}

/** Moves the citations [from, to) of `src` by d into `dst` from index `at` (in place when consuming). */
function moveTail(dst: Citation[], at: number, src: readonly Citation[], from: number, to: number, d: number, consume: boolean, same: boolean, isNew: boolean[]): void {
  if (d === 0) {
    for (let j = from; j < to; j++) dst[at + j - from] = src[j]!;
    return;
  }
  for (let j = from; j < to; j++) {
    const i = at + j - from;
    const o = src[j]!;
    dst[i] = consume ? movedInPlace(o, d, same) : same ? shiftedLinked(o, d) : shifted(o, d);
    isNew[i] = !same;
  }
}

/** The first old citation whose reads may reach normalized offset n0: where the re-scan restarts. */
function restartAt(prev: Snapshot, n0: number): number {
  const oldN = prev.citations.length;
  let k = 0;
  while (k < oldN && Math.max(prev.b[k]!, prev.trigger[k]!) + SCAN_READ_AHEAD < n0) k++;
  // Closer: a citation whose scan read only a few characters past it (no "(" follows) cannot
  // reach a change further on (extract.ts, SCAN_READ_PAST_END).
  while (k < oldN) {
    const base = Math.max(prev.b[k]!, prev.trigger[k]!, prev.next[k]!);
    if (base + SCAN_READ_PAST_END >= n0) break;
    if (base + MAX_PAREN + SCAN_READ_PAST_END >= n0 && prev.ntext.slice(base, base + SCAN_READ_PAST_END).includes('(')) break;
    k++;
  }
  return k;
}

/**
 * The snapshot of `text`, computed incrementally from `prev` when it is a previous version of the
 * same kind of document, else in full. `hint`, when the editor knows it, is where the text changed
 * since `prev` (checked for plausibility; else the texts are compared).
 */
export function updateSnapshot(prev: Snapshot | undefined, text: string, kind: DocKind, hint?: EditSpan, opts?: UpdateOptions): Snapshot {
  if (!prev || prev.kind !== kind) return fullSnapshot(text, kind);
  if (prev.text === text) return prev;
  let e0: number;
  let e1Old: number;
  let e1New: number;
  if (hint && plausible(prev.text, text, hint)) {
    ({ e0, e1Old, e1New } = hint);
  } else {
    e0 = commonPrefix(prev.text, text);
    const suf = commonSuffix(prev.text, text, e0);
    e1Old = prev.text.length - suf;
    e1New = text.length - suf;
  }
  const ne = normalizeEdit(prev.ntext, prev.map, text, kind, e0, e1Old, e1New);
  if (!ne) return fullSnapshot(text, kind);
  const { map, n0, n1Old, n1New } = ne;
  const d = e1New - e1Old;
  const dn = n1New - n1Old;
  const s = ne.text;
  const oldN = prev.citations.length;

  // Restart at the first old citation whose reads may reach the change.
  const k = restartAt(prev, n0);
  const from = k > 0 ? prev.next[k - 1]! : 0;
  const prevCore = k > 0 ? prev.core[k - 1]! : undefined;

  // Re-scan until the scan falls back in step with the old one, well past the change. The scanner
  // reads a flat copy of the normalized text from SCAN_READ_BACK before where it starts to a
  // little past where it is expected to fall in step; if it gets there without falling in step,
  // or a citation's reads may pass the copy's end, it runs again on a copy twice as long (the whole
  // text at worst, where no read can pass the end).
  const syncFrom = n1New + 2 * SCAN_READ_BACK;
  const lo = Math.max(0, from - SCAN_READ_BACK - 1);
  let hi = Math.min(s.length, syncFrom + SCAN_READ_AHEAD + WINDOW_SLACK);
  let resume = -1; // old index of the citation the new scan synchronized on
  let fresh: Scanned[] = [];
  let w = '';
  for (;;) {
    w = s.slice(lo, hi);
    const whole = hi === s.length;
    const end = hi - lo;
    let overrun = false;
    resume = -1;
    fresh = [];
    scanFrom(w, from - lo, prevCore === undefined ? undefined : Math.max(0, prevCore - lo), fresh, (x) => {
      if (!whole && Math.max(x.trigger, x.c.b, x.next) + SCAN_READ_AHEAD > end) {
        overrun = true;
        return true;
      }
      const t = x.trigger + lo;
      if (t < syncFrom) return false;
      const j = findTrigger(prev.trigger, k, t - dn);
      if (j < 0 || prev.core[j]! + dn !== x.c.core + lo || prev.next[j]! + dn !== x.next + lo) return false;
      resume = j;
      return true;
    });
    if (whole || (!overrun && resume >= 0)) break;
    hi = Math.min(s.length, lo + 2 * end);
  }
  // The scanned citations are in the copy's offsets.
  const view = { text: w, toOriginal: (a: number, b: number) => map.toOriginal(a + lo, b + lo) };
  const tailFrom = resume >= 0 ? resume + 1 : oldN;
  const tailN = oldN - tailFrom;
  const n = k + fresh.length + tailN;

  const arr = scanArrays(n);
  const cits: Citation[] = new Array(n);
  const isNew: boolean[] = new Array(n).fill(false);
  const freshCits: Citation[] = new Array(fresh.length);
  for (let f = 0; f < fresh.length; f++) freshCits[f] = toCitation(view, fresh[f]!.c);
  const same = unchangedCitations(prev, freshCits, k, tailFrom, s, fresh, lo, { e0, e1Old, e1New }, n0, n1Old, n1New);
  for (let i = 0; i < k; i++) cits[i] = prev.citations[i]!;
  for (const key of SCAN_ARRAY_KEYS) arr[key].set(prev[key].subarray(0, k));
  for (let f = 0; f < fresh.length; f++) {
    const x = fresh[f]!;
    const i = k + f;
    if (same) {
      // The old citation, moved if it lies past the edit: it keeps its nesting and resolution.
      const o = prev.citations[i]!;
      const dl = o.start >= e1Old ? d : 0;
      cits[i] = dl === 0 ? o : opts?.consume ? movedInPlace(o, dl, true) : shiftedLinked(o, dl);
    } else {
      cits[i] = freshCits[f]!;
      isNew[i] = true;
    }
    setScanned(arr, i, x, lo);
  }
  moveTail(cits, k + fresh.length, prev.citations, tailFrom, oldN, d, opts?.consume === true, same, isNew);
  // The tail's scan state, moved by dn (a block copy, then one pass over each array).
  const tailAt = k + fresh.length;
  for (const key of SCAN_ARRAY_KEYS) copyMoved(arr[key], tailAt, prev[key], tailFrom, dn);
  const edit = { e0, e1Old, e1New };
  if (same) {
    // Nothing about any citation changed: nesting and resolution stand as they were.
    return { text, kind, ntext: s, map, citations: cits, ...arr, stats: { mode: 'incremental', rescanned: fresh.length, reused: k + tailN, edit, same: true } };
  }

  // Nesting over the whole list; old objects are shared or copied, never changed. Resolutions look only
  // backwards, so the head keeps its own up to the first citation whose nesting changed.
  const { parents, nested } = nesting(cits);
  let keep = k;
  for (let i = 0; i < k; i++) {
    const c = cits[i]!;
    const ps = c.parentheticals;
    let same = c.parent === parents[i];
    for (let q = 0; same && q < ps.length; q++) same = sameList(ps[q]!.nested, nested[i]![q]!);
    if (!same) {
      keep = i;
      break;
    }
  }
  for (let i = 0; i < n; i++) {
    let c = cits[i]!;
    if (!isNew[i]) {
      // Below `keep` nothing about the citation changed (parent, nested lists and resolution are
      // the old ones): the new snapshot shares the object. Above it, it gets a copy to change.
      if (i < keep) continue;
      c = reused(c);
      cits[i] = c;
    }
    const par = parents[i];
    if (par !== undefined) c.parent = par;
    const ps = c.parentheticals;
    let copy: Parenthetical[] | undefined;
    for (let q = 0; q < ps.length; q++) {
      const want = nested[i]![q]!;
      if (sameList(ps[q]!.nested, want)) continue;
      if (!isNew[i] && !copy) copy = ps.slice();
      if (copy) copy[q] = { ...ps[q]!, nested: want };
      else ps[q]!.nested = want;
    }
    if (copy) c.parentheticals = copy;
  }
  resolve(cits, s, arr.a, arr.b, keep);
  return { text, kind, ntext: s, map, citations: cits, ...arr, stats: { mode: 'incremental', rescanned: fresh.length, reused: k + tailN, edit, same: false, window: { from: k, fresh: fresh.length, replaced: tailFrom - k } } };
}
