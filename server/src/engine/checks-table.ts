// The checker's own index over the authority table: by reporter cite, by name, by name word, and a
// conservative misspelling match. Built once per authority list (cached), pure, never throws.
import type { Authority, CaseAuthority, OpinionError, ReporterCiteFact } from './table-types';
import { normalizeName, normalizeWord } from './lookup-normalize';

/** What `check` accepts as a table: anything holding an authority list. */
export type TableInput =
  | { authorities: readonly Authority[] }
  | { data: { authorities: readonly Authority[] } }
  | readonly Authority[];

export interface CaseHit {
  auth: CaseAuthority;
  fact: ReporterCiteFact;
}

export interface TableIndex {
  cases: CaseAuthority[];
  /** repKey(reporter) → volume → hits, in table order. */
  byRepVol: Map<string, Map<number | string, CaseHit[]>>;
  /** A reporter as citations write it → its volumes (null: none), remembered per index. */
  byReporter: Map<string, Map<number | string, CaseHit[]> | null>;
  /** normalizeName(name or variant) → cases. */
  byName: Map<string, CaseAuthority[]>;
  /** casesByName's answers, by the name as written. */
  byWrittenName: Map<string, { auth: CaseAuthority; misspelt?: Misspelling }[]>;
}

const cache = new WeakMap<object, TableIndex>();
const NO_HITS: CaseHit[] = [];

export function authoritiesOf(t: TableInput | undefined): readonly Authority[] {
  if (!t) return [];
  if (Array.isArray(t)) return t as readonly Authority[];
  const o = t as { authorities?: unknown; data?: { authorities?: unknown } };
  if (Array.isArray(o.authorities)) return o.authorities as readonly Authority[];
  if (o.data && Array.isArray(o.data.authorities)) return o.data.authorities as readonly Authority[];
  return [];
}

const repKeys = new Map<string, string>();
export function repKey(reporter: string): string {
  let k = repKeys.get(reporter);
  if (k !== undefined) return k;
  k = reporter.toLowerCase().replace(/\s+/g, '');
  if (repKeys.size > 5000) repKeys.clear();
  repKeys.set(reporter, k);
  return k;
}

/**
 * The key a table volume is filed under: the volume the written `${volume}` of a citation reads
 * as (a number; a string volume only where it reads back as the same number).
 */
function volumeKey(v: unknown): number | string {
  if (typeof v === 'number') return v;
  const s = String(v);
  const n = Number(s);
  return String(n) === s ? n : `\u0000${s}`;
}

export function indexTable(t: TableInput | undefined): TableIndex | undefined {
  if (!t) return undefined;
  const list = authoritiesOf(t);
  const cached = cache.get(list as object);
  if (cached) return cached;
  const idx: TableIndex = { cases: [], byRepVol: new Map(), byReporter: new Map(), byName: new Map(), byWrittenName: new Map() };
  for (const a of list) {
    if (!a || a.type !== 'case') continue;
    const c = a as CaseAuthority;
    if (!Array.isArray(c.cites)) continue;
    idx.cases.push(c);
    for (const f of c.cites) {
      const vk = volumeKey(f.volume);
      const rk = repKey(f.reporter);
      let byVol = idx.byRepVol.get(rk);
      if (!byVol) idx.byRepVol.set(rk, (byVol = new Map()));
      const l = byVol.get(vk) ?? [];
      l.push({ auth: c, fact: f });
      byVol.set(vk, l);
    }
    for (const n of [c.name, ...(c.variants ?? []).map(bareName)]) {
      const k = normalizeName(n);
      const l = idx.byName.get(k) ?? [];
      if (!l.includes(c)) l.push(c);
      idx.byName.set(k, l);
    }
  }
  cache.set(list as object, idx);
  return idx;
}

/** The volumes of a reporter (by its key: `F. 3d` and `F.3d` are one reporter). */
function volumesOf(idx: TableIndex, reporter: string): Map<number | string, CaseHit[]> | undefined {
  let m = idx.byReporter.get(reporter);
  if (m === undefined) {
    m = idx.byRepVol.get(repKey(reporter)) ?? null;
    if (idx.byReporter.size > 5000) idx.byReporter.clear();
    idx.byReporter.set(reporter, m);
  }
  return m ?? undefined;
}

export function hitsAt(idx: TableIndex, volume: number, reporter: string): CaseHit[] {
  return volumesOf(idx, reporter)?.get(volume) ?? NO_HITS;
}

export function exactHit(idx: TableIndex, volume: number, reporter: string, page: number): CaseHit | undefined {
  const hits = volumesOf(idx, reporter)?.get(volume);
  if (!hits) return undefined;
  for (const h of hits) if (h.fact.page === page) return h;
  return undefined;
}

/** Variants may carry a cite (`Graham v. Connor, 490 U.S. 386`): the name part. */
export function bareName(v: string): string {
  return v.replace(/,\s*\d.*$/, '').trim();
}

/**
 * What the checker needs of a case's names, derived once per authority object (a pure function
 * of it, so the cache is safe across tables): computed on first use, where the plain code would
 * compute it, so a malformed entry fails in the same places.
 */
interface NameInfo {
  /** The accepted spellings of its name: its name and variants, less recorded wrong ones. */
  forms: string[];
  /** normalizeName of each form, and those split into words. */
  normForms: Set<string>;
  formWords: string[][];
  /** Every word of every normalized form. */
  words: Set<string>;
  /** misspelling's answers (null: none) by the name as written. Read-only. */
  misspellings: Map<string, Misspelling | null>;
}

const nameInfos = new WeakMap<CaseAuthority, NameInfo>();

function nameInfoOf(auth: CaseAuthority): NameInfo {
  let info = nameInfos.get(auth);
  if (info) return info;
  const forms = formsOf(auth);
  const norms = forms.map((n) => normalizeName(n));
  const formWords = norms.map((n) => n.split(' '));
  info = { forms, normForms: new Set(norms), formWords, words: new Set(formWords.flat()), misspellings: new Map() };
  nameInfos.set(auth, info);
  return info;
}

/** normalizeName of each short name; null where one is not a string (then checked one by one). */
const shortNameSets = new WeakMap<CaseAuthority, Set<string> | null>();

function shortNameSetOf(auth: CaseAuthority): Set<string> | null {
  let set = shortNameSets.get(auth);
  if (set !== undefined) return set;
  try {
    set = new Set((auth.shortNames ?? []).map((s) => normalizeName(s)));
  } catch {
    set = null;
  }
  shortNameSets.set(auth, set);
  return set;
}

/** repKey of each cite's reporter, by cite index. */
const citeRepKeys = new WeakMap<CaseAuthority, string[]>();

/** The fact of a case in this volume and reporter. */
export function caseFactFor(a: CaseAuthority, vol: number, rep: string): ReporterCiteFact | undefined {
  let keys = citeRepKeys.get(a);
  if (!keys) citeRepKeys.set(a, (keys = a.cites.map((f) => repKey(f.reporter))));
  const rk = repKey(rep);
  for (let k = 0; k < a.cites.length; k++) {
    const f = a.cites[k]!;
    if (f.volume === vol && keys[k] === rk) return f;
  }
  return undefined;
}

/** Names recorded as wrong (the opinion's own misspellings): never accepted as right. */
function wrongNames(auth: CaseAuthority): Set<string> {
  return new Set((auth.opinionErrors ?? []).filter((e) => e.field === 'name').map((e) => normalizeName(bareName(e.wrote))));
}

/** The accepted spellings of a case's name: its name and variants, less recorded wrong ones. */
function formsOf(auth: CaseAuthority): string[] {
  const wrong = wrongNames(auth);
  return [auth.name, ...(auth.variants ?? []).map(bareName)].filter((n, i) => i === 0 || !wrong.has(normalizeName(n)));
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** True when the written name is the table's name or one of its recorded variants. */
export function nameMatches(auth: CaseAuthority, written: string): boolean {
  const info = nameInfoOf(auth);
  // Written exactly as an accepted form: then equal once normalized too (no normalizing needed).
  for (const f of info.forms) if (f === written) return true;
  return info.normForms.has(normalizeName(written));
}

export interface Misspelling {
  /** The written word (normalized) and the table's word, normalized. */
  wrote: string;
  right: string;
  /** The table's spelling as it appears in the table's name (original case). */
  rightOriginal: string;
}

/**
 * A single misspelt word: the written name has the same words as the table's name (or a
 * variant) except one, which is 1–2 edits from the table's word (both at least 4 letters).
 */
export function misspelling(auth: CaseAuthority, written: string): Misspelling | undefined {
  const info = nameInfoOf(auth);
  let m = info.misspellings.get(written);
  if (m === undefined) {
    m = misspellingOf(auth, splitWords(normalizeName(written))) ?? null;
    if (info.misspellings.size > 1000) info.misspellings.clear();
    info.misspellings.set(written, m);
  }
  return m ?? undefined;
}

/** misspelling, given the written name's normalized words (split once, whatever the case tried). */
function misspellingOf(auth: CaseAuthority, w: readonly string[]): Misspelling | undefined {
  const info = nameInfoOf(auth);
  for (let fi = 0; fi < info.forms.length; fi++) {
    const form = info.forms[fi]!;
    const t = info.formWords[fi]!;
    if (t.length !== w.length) continue;
    let diff = -1;
    let ok = true;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === t[i]) continue;
      if (diff >= 0) {
        ok = false;
        break;
      }
      diff = i;
    }
    if (!ok || diff < 0) continue;
    const a = w[diff]!;
    const b = t[diff]!;
    if (a.length < 4 || b.length < 4 || /\d/.test(a + b)) continue;
    const d = levenshtein(a, b);
    if (d < 1 || d > 2) continue;
    const orig = form.split(/[\s,]+/).find((tok) => normalizeWord(tok) === b) ?? b;
    return { wrote: a, right: b, rightOriginal: orig.replace(/[.,;:]+$/, '') };
  }
  return undefined;
}

/**
 * The cases whose name (or variants) equal the written name, or else are one misspelling away.
 * Remembered per index and name (a pure function of both): a name the table does not know
 * would otherwise be tried against every case on every check. Read-only.
 */
export function casesByName(idx: TableIndex, written: string): readonly { auth: CaseAuthority; misspelt?: Misspelling }[] {
  let out = idx.byWrittenName.get(written);
  if (out) return out;
  const norm = normalizeName(written);
  const exact = idx.byName.get(norm);
  if (exact && exact.length > 0) out = exact.map((auth) => ({ auth }));
  else {
    const w = splitWords(norm);
    out = [];
    for (const auth of idx.cases) {
      const m = misspellingOf(auth, w);
      if (m) out.push({ auth, misspelt: m });
    }
  }
  if (idx.byWrittenName.size > 5000) idx.byWrittenName.clear();
  idx.byWrittenName.set(written, out);
  return out;
}

const splits = new Map<string, string[]>();
function splitWords(w: string): string[] {
  let out = splits.get(w);
  if (out) return out;
  out = w.split(' ');
  if (splits.size > 5000) splits.clear();
  splits.set(w, out);
  return out;
}

/** Does a short-form name word (or words) name this case? */
export function shortNameMatches(auth: CaseAuthority, word: string): boolean {
  const w = normalizeName(word);
  if (!w) return false;
  const shortNames = shortNameSetOf(auth);
  if (shortNames ? shortNames.has(w) : (auth.shortNames ?? []).some((s) => normalizeName(s) === w)) return true;
  const words = nameInfoOf(auth).words;
  return splitWords(w).every((x) => words.has(x));
}

export function opinionErrorFor(auth: CaseAuthority, field: OpinionError['field'], wrote: string): OpinionError | undefined {
  const norm = (s: string) => normalizeName(s);
  return (auth.opinionErrors ?? []).find((e) => e.field === field && (e.wrote === wrote || norm(e.wrote) === norm(wrote) || e.wrote.includes(wrote)));
}

export function citeText(f: ReporterCiteFact): string {
  return `${f.volume} ${f.reporter} ${f.page}`;
}

export function courtYearText(a: CaseAuthority): string {
  return `(${a.court ? `${a.court} ` : ''}${a.year})`;
}

export function fullCiteText(a: CaseAuthority, f: ReporterCiteFact = a.cites[0]!): string {
  return `${a.name}, ${citeText(f)} ${courtYearText(a)}`;
}

export function pinInFact(f: ReporterCiteFact, first: number, last: number = first): 'before' | 'after' | 'inside' {
  if (first < f.page) return 'before';
  if (f.lastPage !== undefined && Math.max(first, last) > f.lastPage) return 'after';
  return 'inside';
}
