// Reporter lookups over the generated table server/data/reporters.json (derived from
// reporters-db, BSD-2, Free Law Project — see the table's "_notice").
// Recognition is one trie over the reporter strings with spaces removed ("compact" form), walked
// once per candidate position, longest match wins; spaces in the input are skipped while walking,
// so `F. 3d`, `F.3d`, `S.Ct.`, `L.Ed.2d` are all found by the same walk.
import table from '../../data/reporters.json';

export interface EditionInfo {
  /** Canonical abbreviation of the edition (`F.3d`). */
  canonical: string;
  /** Name of the reporter series (`Federal Reporter`). */
  name: string;
  start: number | null;
  end: number | null;
  /** reporters-db cite_type: federal, state, regional, specialty, neutral … */
  type: string;
}

interface RawReporter {
  key: string;
  name: string;
  type: string;
  editions: Record<string, { start: number | null; end: number | null }>;
  variations: Record<string, string>;
}

const raw = (table as unknown as { reporters: RawReporter[] }).reporters;
const abbreviations = new Set<string>((table as unknown as { caseNameAbbreviations?: string[] }).caseNameAbbreviations ?? []);

const untitledCodes = (table as unknown as { untitledCodes?: string[] }).untitledCodes ?? [];
function escapeRe(x: string): string {
  return x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** Matches a code cited without a title (`Wis. Stat.`) at the END of a short string. Built once. */
const UNTITLED_RE = new RegExp(`(?:^|[ (])(${[...untitledCodes].sort((a, b) => b.length - a.length).map(escapeRe).join('|')}) ?$`);

/** The untitled code (`Wis. Stat.`) that `before` (the text before a `§`) ends with, if any. */
export function untitledCodeBefore(before: string): string | undefined {
  if (!untitledCodes.length) return undefined;
  const m = UNTITLED_RE.exec(before);
  return m ? m[1] : undefined;
}

/** Is `token` (ending in `.`) an abbreviation used in case names (`Cnty.`, `Inc.`, `Ill.`)? */
export function isCaseNameAbbreviation(token: string): boolean {
  return abbreviations.has(token.replace(/\u2019/g, "'"));
}

const editionMap = new Map<string, EditionInfo>();
/** Every non-canonical form → canonical. A form that is itself canonical is never rewritten. */
const variationMap = new Map<string, string>();

for (const r of raw) {
  for (const [ed, v] of Object.entries(r.editions)) {
    if (!editionMap.has(ed)) editionMap.set(ed, { canonical: ed, name: r.name, start: v.start, end: v.end, type: r.type });
  }
}
const seriesOf = new Map<string, string>();
const seriesEditions = new Map<string, EditionInfo[]>();
for (const r of raw) {
  const eds = Object.keys(r.editions).map((ed) => editionMap.get(ed)!).filter((e) => e.name === r.name);
  if (!eds.length) continue;
  const key = `${r.key}|${r.name}`;
  seriesEditions.set(key, eds);
  for (const e of eds) if (!seriesOf.has(e.canonical)) seriesOf.set(e.canonical, key);
}
for (const r of raw) {
  for (const [vr, canon] of Object.entries(r.variations)) {
    if (editionMap.has(vr)) continue; // e.g. `S.C.` is canonical South Carolina Reports: keep it.
    if (!variationMap.has(vr) && editionMap.has(canon)) variationMap.set(vr, canon);
  }
}

/**
 * Whether a canonical reporter is an online database (Westlaw's `WL`, Lexis's `U.S. LEXIS`,
 * `U.S. Dist. LEXIS`, `Ill. App. LEXIS`, …), whose citations carry a docket number, the full date
 * and star pages (Indigo R12.4.1), and whose year is the year of the database entry.
 */
export function isDatabaseReporter(canonical: string): boolean {
  return canonical === 'WL' || canonical === 'LEXIS' || canonical.endsWith(' LEXIS');
}

export function compact(s: string): string {
  return s.replace(/[\s\u00a0]+/g, '').replace(/[\u2018\u2019]/g, "'");
}

/** The canonical form of a reporter string as written, or undefined if it is not a reporter. */
export function canonicalReporter(written: string): string | undefined {
  const w = written.trim().replace(/\s+/g, ' ').replace(/[\u2018\u2019]/g, "'");
  if (editionMap.has(w)) return w;
  const v = variationMap.get(w);
  if (v) return v;
  const c = compact(w);
  const byCompact = compactMap.get(c);
  return byCompact;
}

export function reporterInfo(reporter: string): EditionInfo | undefined {
  const c = canonicalReporter(reporter);
  return c ? editionMap.get(c) : undefined;
}

/** Non-canonical forms → canonical, for the given canonical reporter (or all when omitted). */
export function reporterVariations(canonical?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of variationMap) if (!canonical || v === canonical) out[k] = v;
  return out;
}

/** Every edition of the series a reporter belongs to (`F.3d` → F., F.2d, F.3d, F.4th), in order. */
export function reporterSeries(reporter: string): EditionInfo[] {
  const c = canonicalReporter(reporter);
  if (!c) return [];
  const key = seriesOf.get(c);
  return key ? (seriesEditions.get(key) ?? []) : [];
}

export function allReporters(): EditionInfo[] {
  return [...editionMap.values()];
}

// ---- trie over compact forms -------------------------------------------------------------
// compact form → canonical. Canonical editions win over variations; among variations, the first.
const compactMap = new Map<string, string>();
for (const ed of editionMap.keys()) {
  const c = compact(ed);
  if (!compactMap.has(c)) compactMap.set(c, ed);
}
for (const [vr, canon] of variationMap) {
  const c = compact(vr);
  if (!compactMap.has(c)) compactMap.set(c, canon);
}

interface TrieNode {
  next: Map<number, TrieNode>;
  canonical?: string;
}
const root: TrieNode = { next: new Map() };
for (const [c, canon] of compactMap) {
  // A reporter string must start with a letter (skip odd keys such as `1 ...`).
  if (!/^[A-Za-z]/.test(c)) continue;
  let n = root;
  for (let i = 0; i < c.length; i++) {
    const ch = c.charCodeAt(i);
    let m = n.next.get(ch);
    if (!m) {
      m = { next: new Map() };
      n.next.set(ch, m);
    }
    n = m;
  }
  n.canonical = canon;
}

export interface ReporterMatch {
  /** End offset (exclusive) in the scanned string. */
  end: number;
  canonical: string;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Longest reporter match starting at `pos` in `s` (spaces inside are skipped; at most one
 * space at a time). The match must end at a word boundary (the next character is not a letter
 * or digit, or the match itself ends in `.`/`'`… and the next is a space or punctuation).
 * Bounded by the longest key (~40 chars).
 */
export function matchReporter(s: string, pos: number): ReporterMatch | undefined {
  let n: TrieNode | undefined = root;
  let i = pos;
  let best: ReporterMatch | undefined;
  let steps = 0;
  while (n && i < s.length && steps < 60) {
    steps++;
    let ch = s.charCodeAt(i);
    if (ch === 32) {
      // one space inside a reporter: skip it (only when followed by a non-space)
      if (i + 1 < s.length && s.charCodeAt(i + 1) !== 32) {
        i++;
        ch = s.charCodeAt(i);
      } else break;
    }
    if (ch === 0x2019) ch = 39;
    n = n.next.get(ch);
    if (!n) break;
    i++;
    if (n.canonical !== undefined) {
      const after = i < s.length ? s.charCodeAt(i) : 32;
      const last = s.charCodeAt(i - 1);
      if (!isWordChar(after) || (!isWordChar(last) && after !== 46)) {
        if (!isWordChar(after)) best = { end: i, canonical: n.canonical };
      }
    }
  }
  return best;
}
