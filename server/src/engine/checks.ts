// The checker: citations in, findings (with fixes) out. Pure; never throws on any input.
// Three families of rules (see rules.ts): pins and spans, citation format (both from the parser's
// defects and from checks here), and checks against the bundled authority table.
import type { Citation, DefectCode, DocKind, ExtractResult, Pin, ReporterCite, Resolution } from './types';
import type { Finding, Fix, TextEdit } from './checks-types';
import type { Snapshot } from './incremental';
import type { PinciteSettings, Severity } from '../settings';
import type { CaseAuthority, ReporterCiteFact } from './table-types';
import { DEFAULT_SETTINGS } from '../settings';
import { extract } from './extract';
import { isDatabaseReporter, reporterInfo, type EditionInfo } from './reporters';
import { RULES, ruleFor } from './rules';
import { diffEdits } from './fix';
import {
  caseFactFor,
  casesByName,
  citeText,
  courtYearText,
  exactHit,
  hitsAt,
  indexTable,
  nameMatches,
  misspelling,
  opinionErrorFor,
  pinInFact,
  repKey,
  shortNameMatches,
  type TableIndex,
  type TableInput,
} from './checks-table';

export { applyFixes } from './fix';
export type { TableInput } from './checks-table';

export interface CheckOptions {
  settings?: Partial<PinciteSettings>;
  table?: TableInput;
  extraction?: ExtractResult;
}

const SUPREME_REPORTERS = new Set(['U.S.', 'S. Ct.', 'L. Ed.', 'L. Ed. 2d']);
const CIRCUIT_REPORTERS = new Set(['F.', 'F.2d', 'F.3d', 'F.4th', "F. App'x"]);
const SOURCE = 'Smith v. Finkley itself has this error';

/** What each parser defect means, as the start of its message. */
const DEFECT_WHAT: Record<DefectCode, string> = {
  'pin-page-prefix': 'A pin cite takes no "p." or "pp."',
  'pin-span-reversed': 'This page span ends before it starts',
  'pin-span-repetitious': 'A page span drops repeated digits, keeping the last two',
  'pin-span-too-short': 'A page span keeps at least the last two digits',
  'pin-span-spaced': 'A page span takes no spaces around the dash',
  'pin-missing-comma': 'A comma separates the first page from the pin',
  'short-missing-at': 'A short form gives its pin after "at"',
  'pin-passim-with-page': '"passim" replaces page numbers; give one or the other',
  'pin-star-missing': 'A Westlaw or Lexis pin is a star page',
  'reporter-variant': 'Non-standard reporter abbreviation',
  'section-spacing': 'Section sign form',
  'versus-form': 'The parties are joined by "v."',
  'court-malformed': 'Non-standard court abbreviation',
  'year-missing': 'A full citation gives the year of decision',
  'en-banc-inside-court': '"en banc" and "per curiam" go in their own parenthetical after the court and year',
  'id-capitalization': '"Id." is capitalized only when it starts a citation sentence',
  'signal-form': 'Signal form',
  'wl-missing-date': 'A Westlaw or Lexis citation gives the full date of decision, not just the year',
  'wl-missing-docket': 'A Westlaw or Lexis citation gives the docket number before the database number',
};

function squash(s: string): string {
  // Already squashed (single spaces inside, no other white space, none at the ends): as it is.
  const n = s.length;
  for (let k = 0; k < n; k++) {
    const ch = s.charCodeAt(k);
    if (isWs(ch) && (ch !== 32 || k === 0 || k === n - 1 || isWs(s.charCodeAt(k + 1)))) return s.replace(/\s+/g, ' ').trim();
  }
  return s;
}

/** diffEdits at offset 0, remembered by text and replacement (a fix's edits move with its offset). */
const relativeEdits = new Map<string, Map<string, TextEdit[]>>();

/**
 * fix.ts's replaceFix: the minimal edits turning text[start, end) into `replacement`, as a
 * preferred fix (undefined when nothing changes). The word diff is computed once per text and
 * replacement: the same corrections recur check after check.
 */
function replaceFix(text: string, start: number, end: number, replacement: string, title: string): Fix | undefined {
  if (start < 0 || end > text.length || start > end) return undefined;
  const original = text.slice(start, end);
  let byReplacement = relativeEdits.get(original);
  let rel = byReplacement?.get(replacement);
  if (!rel) {
    rel = diffEdits(original, replacement, 0);
    if (!byReplacement) {
      if (relativeEdits.size > 2000) relativeEdits.clear();
      relativeEdits.set(original, (byReplacement = new Map()));
    }
    byReplacement.set(replacement, rel);
  }
  if (rel.length === 0) return undefined;
  const edits: TextEdit[] = [];
  for (const e of rel) edits.push({ start: e.start + start, end: e.end + start, newText: e.newText });
  return { title, edits, preferred: true };
}

interface Ctx {
  text: string;
  cites: Citation[];
  settings: PinciteSettings;
  idx: TableIndex | undefined;
  out: Finding[];
  /** Table authority and reporter fact per citation index, where known. */
  auth: (CaseHit2 | undefined)[];
  /** The table lookup of each full citation, once computed (null: none). */
  full: (FullHit | null | undefined)[];
  /** Indexes of the earlier full citations, built on first use. */
  fullIndex: FullIndex | undefined;
  /** The distinct (case, fact) pairs of auth[0..folded), and the cases seen with each fact. */
  facts: { auth: CaseAuthority; fact: ReporterCiteFact }[];
  factAuths: Map<ReporterCiteFact, CaseAuthority[]>;
  folded: number;
  /** The next newline at or after `nlFrom` (-1: none), as last looked up. */
  nlFrom: number;
  nlAt: number;
}

/** A check's context over the given per-citation tables (fresh, or a memo's being reused). */
function newCtx(text: string, cites: Citation[], settings: PinciteSettings, idx: TableIndex | undefined, auth: Ctx['auth'], full: Ctx['full'], fullIndex: FullIndex | undefined): Ctx {
  return { text, cites, settings, idx, out: [], auth, full, fullIndex, facts: [], factAuths: new Map(), folded: 0, nlFrom: Infinity, nlAt: -1 };
}

/** JavaScript's `\s`: whitespace and line terminators. */
function isWs(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13) || (ch >= 0x2000 ? ch <= 0x200a || ch === 0x2028 || ch === 0x2029 || ch === 0x202f || ch === 0x205f || ch === 0x3000 || ch === 0xfeff : ch === 0xa0 || ch === 0x1680);
}

/** Does text[start, end) hold an "n" or "N"? (Every footnote word has one.) */
function hasLetterN(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 110 || ch === 78) return true;
  }
  return false;
}

/** Does text[start, end) hold a hyphen, an en or em dash or a non-breaking hyphen? */
function hasDash(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 0x2d || ch === 0x2013 || ch === 0x2014 || ch === 0x2011) return true;
  }
  return false;
}

/** A plain index range [start, end) into the text, where slice() means just that. */
function plainRange(text: string, start: number, end: number): boolean {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length;
}

/** The position of the next newline at or after `from` (-1 if none), remembering the last answer. */
function nextNewline(ctx: Ctx, from: number): number {
  if (from >= ctx.nlFrom && (ctx.nlAt < 0 || from <= ctx.nlAt)) return ctx.nlAt;
  ctx.nlFrom = from;
  ctx.nlAt = ctx.text.indexOf('\n', from);
  return ctx.nlAt;
}

interface CaseHit2 {
  auth: CaseAuthority;
  fact?: ReporterCiteFact;
}

function add(ctx: Ctx, code: string, start: number, end: number, message: string, fixes: (Fix | undefined)[] = [], citation?: number, related?: Finding['related']): void {
  const rule = ruleFor(code);
  if (!rule) return;
  const sev: Severity = ctx.settings.rules?.[code] ?? rule.severity;
  if (sev === 'off') return;
  const s = Math.max(0, Math.min(start, ctx.text.length));
  const e = Math.max(s, Math.min(end, ctx.text.length));
  const f: Finding = { code, severity: sev, start: s, end: e, message, fixes: fixes.filter((x): x is Fix => !!x) };
  if (citation !== undefined) f.citation = citation;
  if (related && related.length > 0) f.related = related;
  ctx.out.push(f);
}

function mergeSettings(s: Partial<PinciteSettings> | undefined): PinciteSettings {
  return { ...DEFAULT_SETTINGS, ...(s ?? {}), rules: { ...(s?.rules ?? {}) } };
}

/**
 * Checks the citations of a document. `extraction` may be passed when the caller already
 * extracted (the LSP does); `table` enables the table rules. Never throws: a failure in one rule
 * drops that rule's findings for that citation, never the others.
 */
export function check(text: string, kind: DocKind, opts: CheckOptions = {}): Finding[] {
  return checkWithMemo(text, kind, opts).findings;
}

/**
 * What one check of a document found, per citation, kept so that the check of the next version
 * can re-run the rules only for the citations an edit can affect (checkWithMemo's `from`).
 */
export interface CheckMemo {
  readonly settingsKey: string;
  readonly idx: TableIndex | undefined;
  /** The citations checked (the array: a later update leaves the replaced ones in it untouched). */
  readonly cites: readonly Citation[];
  /** Each citation's resolution and parent when checked (a consuming update clears them). */
  readonly res: readonly (Resolution | undefined)[];
  readonly par: readonly (number | undefined)[];
  /** Per citation: the findings of its general, short form / id. and supra rules, and its dashes. */
  readonly per: (Finding[] | undefined)[];
  readonly sid: (Finding[] | undefined)[];
  readonly sup: (Finding[] | undefined)[];
  readonly uses: (DashUse[] | undefined)[];
  readonly auth: (CaseHit2 | undefined)[];
  readonly full: (FullHit | null | undefined)[];
  readonly fullIndex: FullIndex | undefined;
  /** The citations with findings or page-span dashes, ascending. */
  readonly withFindings: readonly number[];
  /** Citations whose rules ran (the rest were carried over): for tests and the benchmark. */
  readonly ran: number;
}

/**
 * The previous version's check, and how the citations changed since: for an incremental snapshot
 * made from the memo's (its `stats.edit` and `stats.window`; see `carryFrom`). The rules then run
 * again only for new citations and those an edit can affect; the others' findings are the old
 * ones, moved.
 */
export interface CheckFrom {
  memo: CheckMemo;
  /** Absent: the text did not change (the update returned the previous snapshot itself). */
  edit?: { e0: number; e1Old: number; e1New: number };
  /**
   * The new citations: [from, from + fresh) replaced the memo's [from, from + replaced); the others
   * are the memo's, those after moved (index and offsets), with nesting and resolution recomputed.
   * Absent: no citation is new (an incremental snapshot's `stats.same`).
   */
  window?: { from: number; fresh: number; replaced: number };
  /**
   * The memo is the caller's to give up (it keeps only the latest, as the server does): its
   * arrays may be reused for the new memo, so that an edit changing no citation costs only the
   * citations near it and the findings after it.
   */
  consume?: boolean;
}

/**
 * How to check `now`, an update of `prev` whose check left `memo`: from that memo when the update
 * says what changed (or returned `prev` itself), else undefined (a full check). `consume`: the
 * caller gives the memo up (see CheckFrom).
 */
export function carryFrom(memo: CheckMemo | undefined, prev: Snapshot | undefined, now: Snapshot, consume = false): CheckFrom | undefined {
  if (!memo || !prev) return undefined;
  if (now === prev) return { memo, consume };
  const { edit, window } = now.stats;
  if (!edit) return undefined;
  return window ? { memo, edit, window, consume } : { memo, edit, consume };
}

export function checkWithMemo(text: string, kind: DocKind, opts: CheckOptions & { from?: CheckFrom } = {}): { findings: Finding[]; memo?: CheckMemo } {
  let settings: PinciteSettings;
  try {
    settings = mergeSettings(opts?.settings);
  } catch {
    settings = { ...DEFAULT_SETTINGS, rules: {} };
  }
  if (typeof text !== 'string') return { findings: [] };
  let extraction: ExtractResult;
  try {
    extraction = opts?.extraction ?? extract(text, kind);
  } catch {
    return { findings: [] };
  }
  let idx: TableIndex | undefined;
  try {
    idx = indexTable(opts?.table);
  } catch {
    idx = undefined;
  }
  const cites = Array.isArray(extraction?.citations) ? extraction.citations : [];
  const n = cites.length;
  let settingsKey: string;
  try {
    settingsKey = JSON.stringify(settings);
  } catch {
    settingsKey = '';
  }
  const from = opts.from;
  const w = from?.window ?? NO_WINDOW;
  const shift = w.fresh - w.replaced;
  const prev = from && from.memo.settingsKey === settingsKey && settingsKey !== '' && from.memo.idx === idx && from.memo.cites.length === n - shift ? from.memo : undefined;
  if (prev && from?.consume && !from.window) {
    const r = carryNearEdit(text, cites, settings, idx, settingsKey, prev, from.edit);
    if (r) return r;
  }
  // The old index of new citation i: -1 for the new ones (the window).
  const oldOf = (i: number) => (i < w.from ? i : i < w.from + w.fresh ? -1 : i - shift);
  const ctx = newCtx(text, cites, settings, idx, new Array(n).fill(undefined), new Array(n).fill(undefined), prev && !from?.window ? prev.fullIndex : undefined);
  if (prev) {
    for (let i = 0; i < n; i++) {
      const j = oldOf(i);
      if (j < 0) continue;
      ctx.auth[i] = prev.auth[j];
      ctx.full[i] = prev.full[j];
    }
  }
  const per: (Finding[] | undefined)[] = new Array(n);
  const sid: (Finding[] | undefined)[] = new Array(n);
  const sup: (Finding[] | undefined)[] = new Array(n);
  const uses: (DashUse[] | undefined)[] = new Array(n);
  const arrays: EntryArrays = { per, sid, sup, uses };
  const res: (Resolution | undefined)[] = new Array(n);
  const par: (number | undefined)[] = new Array(n);
  const scratch: Finding[] = [];
  // Which citations' rules ran (in the carried-over path, the others' findings are the old ones).
  const rerun = new Uint8Array(n);
  let ran = 0;
  // Carried over: whether the full citations (and the table cases they found) or the cases the
  // table found for any citation changed, once the new citations have been checked.
  let fullsChanged: FullsChange | undefined;
  let factsChanged = false;
  const e = from?.edit ?? NO_EDIT;
  // One pass over the citations (each is read once, while it is in cache). The short form, id.
  // and supra rules of citation i read only what the rules found for citations before i, so they
  // run in the same pass; their findings are kept apart and put after the dash findings, in the
  // order the rules are listed (dedupe keeps the first of equal findings).
  for (let i = 0; i < n; i++) {
    const c = cites[i]!;
    res[i] = c?.resolution;
    par[i] = c?.parent;
    if (prev && i === w.from + w.fresh && from?.window) {
      // Past the new citations: compare them with the ones they replaced.
      ({ fullsChanged, factsChanged } = windowChanges(ctx, prev, w, fullsChanged, factsChanged));
    }
    const j = prev ? oldOf(i) : -1;
    if (prev && j >= 0 && !dependsOnChange(ctx, prev, i, j, e, oldOf, rerun, fullsChanged, factsChanged)) {
      const m = movedEntry(prev, j, e, shift, w.from);
      if (m !== FAILED) {
        setEntry(arrays, i, m);
        continue;
      }
    }
    ran++;
    rerun[i] = 1;
    const before = ctx.auth[i];
    ctx.auth[i] = undefined;
    ctx.full[i] = undefined;
    checkOne(ctx, i, scratch, per, sid, sup, uses);
    if (prev && j >= 0 && !sameHit(before, ctx.auth[i])) {
      // A citation's case changed without its text changing (an id. now judged against nothing,
      // say): the id. forms after it may name it as where a pin falls.
      factsChanged = true;
      if (c?.kind === 'full-case') fullsChanged = ALL_FULLS;
    }
  }
  if (prev && from?.window && w.from + w.fresh >= n) ({ fullsChanged, factsChanged } = windowChanges(ctx, prev, w, fullsChanged, factsChanged));
  const withFindings: number[] = [];
  for (let i = 0; i < n; i++) if (hasEntry(arrays, i)) withFindings.push(i);
  const memo: CheckMemo = { settingsKey, idx, cites, res, par, per, sid, sup, uses, auth: ctx.auth, full: ctx.full, fullIndex: ctx.fullIndex, withFindings, ran };
  return { findings: findingsOf(ctx, memo), memo };
}

/**
 * The findings of a check, in one order whatever path made the memo: each citation's general
 * findings, the dash findings, then the short form / id. and supra findings (dedupe keeps the
 * first of equal findings), sorted by place.
 */
function findingsOf(ctx: Ctx, m: CheckMemo): Finding[] {
  const list = <T>(a: (T[] | undefined)[]) => {
    const o: T[] = [];
    for (const i of m.withFindings) {
      const l = a[i];
      if (l) for (const x of l) o.push(x);
    }
    return o;
  };
  const dashes: Finding[] = [];
  ctx.out = dashes;
  try { dashChecks(ctx, list(m.uses)); } catch { /* that rule only */ }
  return dedupe(list(m.per).concat(dashes, list(m.sid), list(m.sup))).sort(byPlace);
}

interface Entry {
  per: Finding[] | undefined;
  sid: Finding[] | undefined;
  sup: Finding[] | undefined;
  uses: DashUse[] | undefined;
}

/** The memo's findings and dashes for its citation j, carried over the edit; FAILED if any touches it. */
function movedEntry(prev: CheckMemo, j: number, e: { e0: number; e1Old: number; e1New: number }, shift: number, wFrom: number): Entry | typeof FAILED {
  const d = e.e1New - e.e1Old;
  const per = moved(prev.per[j], e.e0, e.e1Old, d, shift, wFrom);
  const sid = moved(prev.sid[j], e.e0, e.e1Old, d, shift, wFrom);
  const sup = moved(prev.sup[j], e.e0, e.e1Old, d, shift, wFrom);
  const uses = movedUses(prev.uses[j], e.e0, e.e1Old, d, shift, wFrom);
  return per === FAILED || sid === FAILED || sup === FAILED || uses === FAILED ? FAILED : { per, sid, sup, uses };
}

/** A check's per-citation findings and dashes, one array each (a memo's, or being built). */
interface EntryArrays {
  per: (Finding[] | undefined)[];
  sid: (Finding[] | undefined)[];
  sup: (Finding[] | undefined)[];
  uses: (DashUse[] | undefined)[];
}

function entryAt(a: EntryArrays, i: number): Entry {
  return { per: a.per[i], sid: a.sid[i], sup: a.sup[i], uses: a.uses[i] };
}

function hasEntry(a: EntryArrays, i: number): boolean {
  return !!(a.per[i] || a.sid[i] || a.sup[i] || a.uses[i]);
}

function setEntry(a: EntryArrays, i: number, x: Entry): void {
  a.per[i] = x.per;
  a.sid[i] = x.sid;
  a.sup[i] = x.sup;
  a.uses[i] = x.uses;
}

/**
 * The carried-over check of an edit that changed no citation, from a memo the caller gives up:
 * only the citations whose reading can reach the edit run their rules again, and only the
 * findings after the edit move; the rest of the memo is reused as it is. When a re-checked
 * citation's table case changes (later citations may read it), nothing is changed and undefined
 * is returned: the general pass then decides what else to re-check.
 */
function carryNearEdit(
  text: string,
  cites: Citation[],
  settings: PinciteSettings,
  idx: TableIndex | undefined,
  settingsKey: string,
  prev: CheckMemo,
  edit: { e0: number; e1Old: number; e1New: number } | undefined,
): { findings: Finding[]; memo: CheckMemo } | undefined {
  const per = prev.per as (Finding[] | undefined)[];
  const sid = prev.sid as (Finding[] | undefined)[];
  const sup = prev.sup as (Finding[] | undefined)[];
  const uses = prev.uses as (DashUse[] | undefined)[];
  const auth = prev.auth as (CaseHit2 | undefined)[];
  const full = prev.full as (FullHit | null | undefined)[];
  const ctx = newCtx(text, cites, settings, idx, auth, full, prev.fullIndex);
  const e = edit ?? NO_EDIT;
  const near = edit ? nearEdit(ctx, edit.e0, edit.e1New) : [];
  // Re-check the citations near the edit, keeping what they had in case their case changes.
  const arrays = { per, sid, sup, uses };
  const saved = near.map((i) => ({ i, entry: entryAt(arrays, i), auth: auth[i], full: full[i] }));
  const restore = () => {
    for (const x of saved) {
      setEntry(arrays, x.i, x.entry);
      auth[x.i] = x.auth;
      full[x.i] = x.full;
    }
  };
  const scratch: Finding[] = [];
  for (const x of saved) {
    auth[x.i] = undefined;
    full[x.i] = undefined;
    checkOne(ctx, x.i, scratch, per, sid, sup, uses);
    if (!sameHit(x.auth, auth[x.i])) {
      restore();
      return undefined;
    }
  }
  // Move the findings after the edit (every offset of a citation not re-checked is on one side).
  const isNear = new Set(near);
  const movedAt: { i: number; entry: Entry }[] = [];
  if (edit && e.e1New !== e.e1Old) {
    for (const i of prev.withFindings) {
      if (isNear.has(i) || cites[i]!.start < e.e0) continue;
      const m = movedEntry(prev, i, e, 0, 0);
      if (m === FAILED) {
        restore();
        return undefined;
      }
      movedAt.push({ i, entry: m });
    }
  }
  for (const m of movedAt) setEntry(arrays, m.i, m.entry);
  // The citations with findings: the old list, with the re-checked ones as they now are.
  const withFindings = near.length ? prev.withFindings.filter((i) => !isNear.has(i)).concat(near.filter((i) => hasEntry(arrays, i))).sort((a, b) => a - b) : prev.withFindings;
  const memo: CheckMemo = { settingsKey, idx, cites, res: prev.res, par: prev.par, per, sid, sup, uses, auth, full, fullIndex: prev.fullIndex, withFindings, ran: near.length };
  return { findings: findingsOf(ctx, memo), memo };
}

/**
 * The citations whose rules' reading may reach the edit (reaches()), ascending: those ending
 * before it are looked at back to the first top-level citation that ends well before it (no
 * earlier one can reach further), those after it up to the third top-level citation that does not
 * reach it (a citation's reading runs back at most to the second top-level citation before it).
 */
function nearEdit(ctx: Ctx, e0: number, e1New: number): number[] {
  const cs = ctx.cites;
  let a = 0;
  let b = cs.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (cs[m]!.start <= e1New + 2) a = m + 1;
    else b = m;
  }
  const out: number[] = [];
  for (let i = a - 1; i >= 0; i--) {
    if (reaches(ctx, i, e0, e1New)) out.push(i);
    else if (cs[i]!.parent === undefined && cs[i]!.end + 130 < e0) break;
  }
  out.reverse();
  let miss = 0;
  for (let i = a; i < cs.length; i++) {
    if (reaches(ctx, i, e0, e1New)) out.push(i);
    else if (cs[i]!.parent === undefined && ++miss >= 3) break;
  }
  return out;
}

/** The rules for citation i, each in its own try: one rule failing on one citation must not hide the rest. */
function checkOne(ctx: Ctx, i: number, scratch: Finding[], per: (Finding[] | undefined)[], sid: (Finding[] | undefined)[], sup: (Finding[] | undefined)[], uses: (DashUse[] | undefined)[]): void {
  const c = ctx.cites[i]!;
  const kind = c?.kind;
  scratch.length = 0;
  ctx.out = scratch;
  try { defectFindings(ctx, c, i); } catch { /* that rule only */ }
  try { footnoteForm(ctx, c, i); } catch { /* that rule only */ }
  try { passimCheck(ctx, c, i); } catch { /* that rule only */ }
  // The rules for one kind of citation are called only for that kind (each returns at once on
  // any other).
  if (kind === 'full-case') {
    try { formatChecks(ctx, c, i); } catch { /* that rule only */ }
    if (ctx.idx) try { tableFull(ctx, c, i); } catch { /* that rule only */ }
  }
  per[i] = scratch.length ? scratch.slice() : undefined;
  scratch.length = 0;
  if (kind === 'short-case' || kind === 'id') {
    if (ctx.idx) try { tableShortAndId(ctx, c, i); } catch { /* that rule only */ }
    sid[i] = scratch.length ? scratch.slice() : undefined;
  } else sid[i] = undefined;
  scratch.length = 0;
  if (kind === 'supra') {
    try { supraChecks(ctx, c, i); } catch { /* that rule only */ }
    sup[i] = scratch.length ? scratch.slice() : undefined;
  } else sup[i] = undefined;
  scratch.length = 0;
  try { uses[i] = dashUses(ctx, c, i); } catch { uses[i] = undefined; }
}

/** Rule codes in localeCompare order: computed once, on first need, so sorting needs no collation. */
let codeRank: ReadonlyMap<string, number> | undefined;
function codeRankOf(code: string): number | undefined {
  if (!codeRank) {
    const codes = RULES.map((r) => r.code).sort((a, b) => a.localeCompare(b));
    const rank = new Map<string, number>();
    codes.forEach((c, k) => rank.set(c, k > 0 && codes[k - 1]!.localeCompare(c) === 0 ? rank.get(codes[k - 1]!)! : k));
    codeRank = rank;
  }
  return codeRank.get(code);
}

/** Findings by start, then end, then code (as localeCompare orders codes). */
function byPlace(a: Finding, b: Finding): number {
  const d = a.start - b.start || a.end - b.end;
  if (d) return d;
  if (a.code === b.code) return 0;
  const ra = codeRankOf(a.code);
  const rb = codeRankOf(b.code);
  return ra !== undefined && rb !== undefined ? ra - rb : a.code.localeCompare(b.code);
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.code}|${f.start}|${f.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ── Carrying findings over an edit ──────────────────────────────────────────────────────────

const FAILED = null;
/** An edit nowhere: every offset is before it. */
const NO_EDIT = { e0: Infinity, e1Old: Infinity, e1New: Infinity };

/**
 * Could the rules for citation i read the text where the edit is (new offsets [e0, e1New), or
 * the point e0 where text was deleted)? What they read, at most (the rules below, audited):
 * - before the citation: 64 characters (startsSentence reads 40, a defect's context 12 and then
 *   back over the word it is in), and from the top-level citation before the one an id. follows
 *   (isStringCite, footnoteStartIn) to this one;
 * - after it: 128 characters (passim 20, a year's 80, en banc's ")" 40) or to the end of the run
 *   of whitespace that follows it (a defect's context), whichever is further.
 * Margins of two characters keep a read that stops at the edit's edge on the safe side; reaching
 * the start or end of the text counts as reaching an edit before or after the citation (an edit
 * elsewhere moves the citation relative to one of them).
 */
function reaches(ctx: Ctx, i: number, e0: number, e1New: number): boolean {
  const c = ctx.cites[i]!;
  const text = ctx.text;
  // After the citation: 128 characters, or the whitespace that follows it. All before the edit?
  if (c.end + 128 < e0 - 2) {
    let w = c.end;
    while (w < e0 - 2 && isWs(text.charCodeAt(w))) w++;
    return w >= e0 - 2;
  }
  // Before it.
  let lo = c.start - 64;
  const p = previousOf(ctx, i);
  if (p !== undefined) {
    lo = Math.min(lo, ctx.cites[p]!.start);
    for (let k = p - 1; k >= 0; k--) {
      if (ctx.cites[k]!.parent !== undefined) continue;
      lo = Math.min(lo, ctx.cites[k]!.start);
      break;
    }
  }
  while (lo > 0 && !isWs(text.charCodeAt(lo - 1))) lo--;
  lo--; // the whitespace before that word is read too
  if (lo <= 0) return true;
  return lo <= e1New + 2; // else all of it after the edit
}

/** Does x lie in the closed edit interval [e0, e1Old] (then what holds it is re-checked)? */
function touches(x: number, e0: number, e1Old: number): boolean {
  return x >= e0 && x <= e1Old;
}

/** A finding carried over the edit: the same one if all of it is before, else moved; FAILED if it touches the edit. */
function movedFinding(f: Finding, e0: number, e1Old: number, d: number, shift: number, wFrom: number): Finding | typeof FAILED {
  let after = false;
  const check = (x: number) => {
    if (touches(x, e0, e1Old)) return false;
    if (x > e1Old) after = true;
    return true;
  };
  if (!check(f.start) || !check(f.end)) return FAILED;
  for (const fx of f.fixes) for (const e of fx.edits) if (!check(e.start) || !check(e.end)) return FAILED;
  if (f.related) for (const r of f.related) if (!check(r.start) || !check(r.end)) return FAILED;
  const renumber = shift !== 0 && f.citation !== undefined && f.citation >= wFrom;
  if ((!after || d === 0) && !renumber) return f;
  const m = (x: number) => (x > e1Old ? x + d : x);
  const g: Finding = { code: f.code, severity: f.severity, start: m(f.start), end: m(f.end), message: f.message, fixes: f.fixes.map((fx) => ({ ...fx, edits: fx.edits.map((e) => ({ ...e, start: m(e.start), end: m(e.end) })) })) };
  if (f.citation !== undefined) g.citation = renumber ? f.citation + shift : f.citation;
  if (f.related) g.related = f.related.map((r) => ({ ...r, start: m(r.start), end: m(r.end) }));
  return g;
}

function moved(list: Finding[] | undefined, e0: number, e1Old: number, d: number, shift: number, wFrom: number): Finding[] | undefined | typeof FAILED {
  if (!list) return undefined;
  let out: Finding[] | undefined;
  for (let k = 0; k < list.length; k++) {
    const f = list[k]!;
    const g = movedFinding(f, e0, e1Old, d, shift, wFrom);
    if (g === FAILED) return FAILED;
    if (g !== f && !out) out = list.slice(0, k);
    if (out) out.push(g);
  }
  return out ?? list;
}

function movedUses(list: DashUse[] | undefined, e0: number, e1Old: number, d: number, shift: number, wFrom: number): DashUse[] | undefined | typeof FAILED {
  if (!list) return undefined;
  if (list.some((u) => touches(u.pos, e0, e1Old) || touches(u.pos + 1, e0, e1Old))) return FAILED;
  const renumber = shift !== 0 && list[0]!.cite >= wFrom;
  if (!renumber && (d === 0 || list.every((u) => u.pos < e0))) return list;
  return list.map((u) => ({ cite: renumber ? u.cite + shift : u.cite, pos: u.pos > e1Old ? u.pos + d : u.pos, ch: u.ch }));
}

const NO_WINDOW = { from: 0, fresh: 0, replaced: 0 };

function readsChangedFull(c: Citation, fc: FullsChange): boolean {
  if (c.cite && fc.volReps.has(`${c.cite.volume.value} ${c.cite.reporter.canonical}`)) return true;
  const name = shortName(c);
  const w0 = name ? nameWordsOf(name)[0] : undefined;
  return w0 !== undefined && fc.words.has(w0);
}

function sameHit(a: CaseHit2 | undefined, b: CaseHit2 | undefined): boolean {
  return a === b || (!!a && !!b && a.auth === b.auth && a.fact === b.fact);
}

/** What a full citation contributes to the short form and supra rules of later ones: its name and cites. */
function fullKey(c: Citation): string {
  return `${c.name?.text ?? ''}|${allCites(c).map((r) => `${r.volume.value} ${r.reporter.canonical} ${r.page?.value ?? ''}`).join(',')}`;
}

/**
 * Which full citations changed, as what a short form reads of them: their cites (volume and
 * reporter) and their name words. ALL_FULLS: any (a later short form must be re-checked).
 */
interface FullsChange {
  volReps: Set<string>;
  words: Set<string>;
}
const ALL_FULLS: FullsChange = { volReps: new Set(), words: new Set() };

function addFull(fc: FullsChange, x: Citation): void {
  for (const r of allCites(x)) fc.volReps.add(`${r.volume.value} ${r.reporter.canonical}`);
  if (x.name) for (const w of nameWordsOf(x.name.text)) fc.words.add(w);
}

/**
 * After the new citations are checked: did the full citations among them (names, cites and the
 * table cases found) differ from those they replaced, or the set of table cases and reporter
 * facts the replaced ones had found?
 */
function windowChanges(ctx: Ctx, prev: CheckMemo, w: { from: number; fresh: number; replaced: number }, fullsChanged: FullsChange | undefined, factsChanged: boolean): { fullsChanged: FullsChange | undefined; factsChanged: boolean } {
  const oldFulls: { key: string; hit: CaseHit2 | undefined }[] = [];
  const newFulls: { key: string; hit: CaseHit2 | undefined }[] = [];
  const oldHits: CaseHit2[] = [];
  const newHits: CaseHit2[] = [];
  for (let j = w.from; j < w.from + w.replaced; j++) {
    const x = prev.cites[j];
    if (x?.kind === 'full-case') oldFulls.push({ key: fullKey(x), hit: prev.auth[j] });
    const h = prev.auth[j];
    if (h?.fact) oldHits.push(h);
  }
  for (let i = w.from; i < w.from + w.fresh; i++) {
    const x = ctx.cites[i];
    if (x?.kind === 'full-case') newFulls.push({ key: fullKey(x), hit: ctx.auth[i] });
    const h = ctx.auth[i];
    if (h?.fact) newHits.push(h);
  }
  if (fullsChanged !== ALL_FULLS && (oldFulls.length !== newFulls.length || oldFulls.some((o, k) => o.key !== newFulls[k]!.key || !sameHit(o.hit, newFulls[k]!.hit)))) {
    // The window's full citations, old and new, are the ones whose change a later short form can see.
    const fc: FullsChange = fullsChanged ?? { volReps: new Set(), words: new Set() };
    for (let j = w.from; j < w.from + w.replaced; j++) if (prev.cites[j]?.kind === 'full-case') addFull(fc, prev.cites[j]!);
    for (let i = w.from; i < w.from + w.fresh; i++) if (ctx.cites[i]?.kind === 'full-case') addFull(fc, ctx.cites[i]!);
    fullsChanged = fc;
  }
  const has = (list: CaseHit2[], h: CaseHit2) => list.some((x) => x.auth === h.auth && x.fact === h.fact);
  if (oldHits.some((h) => !has(newHits, h)) || newHits.some((h) => !has(oldHits, h))) factsChanged = true;
  return { fullsChanged, factsChanged };
}

/**
 * Must the rules for citation i (the memo's citation j) run again, or are its old findings still
 * what they would find? They run again when their reading reaches the edit; when its nesting or
 * resolution changed; and when what they read of earlier citations may have changed: a short
 * form's or supra's antecedent, or any full citation; an id.'s preceding citation, the one before
 * that (a string citation), or the cases any earlier citation found.
 */
function dependsOnChange(ctx: Ctx, prev: CheckMemo, i: number, j: number, e: { e0: number; e1New: number }, oldOf: (i: number) => number, rerun: Uint8Array, fullsChanged: FullsChange | undefined, factsChanged: boolean): boolean {
  const c = ctx.cites[i]!;
  if (e !== NO_EDIT && reaches(ctx, i, e.e0, e.e1New)) return true;
  const same = (x: number | undefined, y: number | undefined) => (x === undefined ? y === undefined : y !== undefined && oldOf(x) === y);
  if (!same(c.parent, prev.par[j])) return true;
  const r = c.resolution;
  const o = prev.res[j];
  if (r !== o) {
    if (!r || !o || r.status !== o.status || r.detail !== o.detail || !same(r.antecedent, o.antecedent) || !same(r.previous, o.previous)) return true;
  }
  const kind = c.kind;
  if (kind === 'short-case' || kind === 'supra') {
    // A short form reads the full citations in its volume and reporter, and (when none is earlier)
    // those whose name has its first name word; supra reads full citations' names.
    if (fullsChanged && (fullsChanged === ALL_FULLS || kind === 'supra' || readsChangedFull(c, fullsChanged))) return true;
    const ant = r?.antecedent;
    if (ant !== undefined && ant >= 0 && ant < i && rerun[ant]) return true;
  } else if (kind === 'id') {
    if (factsChanged) return true;
    const p = previousOf(ctx, i);
    if (p !== undefined) {
      if (rerun[p]) return true;
      for (let k = p - 1; k >= 0; k--) {
        if (ctx.cites[k]!.parent !== undefined) continue;
        if (rerun[k]) return true;
        break;
      }
    }
  }
  return false;
}

// ── Parser defects ──────────────────────────────────────────────────────────────────────────

function defectFindings(ctx: Ctx, c: Citation, i: number): void {
  for (const d of c.defects ?? []) {
    if (d.code === 'year-missing') {
      yearMissing(ctx, c, i, d.start, d.end);
      continue;
    }
    const found = ctx.text.slice(d.start, d.end);
    // "Id." → "id." only when the id. does not start a sentence: after a sentence end or a heading
    // (markup skipped) a capital is right, whatever the parser judged.
    if (d.code === 'id-capitalization' && d.replacement === 'id.' && startsSentence(ctx.text, d.start)) continue;
    const what = DEFECT_WHAT[d.code] ?? d.code;
    let message: string;
    let fix: Fix | undefined;
    if (d.replacement !== undefined) {
      if (found === d.replacement) continue; // nothing wrong after all
      // Show enough context to read: a bare comma or space is shown with its neighbours.
      let ws = d.start;
      let we = d.end;
      if (squash(found).length <= 2 || squash(d.replacement).length <= 2) {
        while (ws > 0 && ws > d.start - 12 && !/\s/.test(ctx.text[ws - 1]!)) ws--;
        if (ws === d.start) while (ws > 0 && ws > d.start - 12 && /\S/.test(ctx.text[ws - 1]!) === false) ws--, (() => { while (ws > 0 && !/\s/.test(ctx.text[ws - 1]!)) ws--; })();
        while (we < ctx.text.length && we < d.end + 12 && !/\s/.test(ctx.text[we]!)) we++;
        if (we === d.end) { while (we < ctx.text.length && /\s/.test(ctx.text[we]!)) we++; while (we < ctx.text.length && we < d.end + 12 && !/[\s,;]/.test(ctx.text[we]!)) we++; }
      }
      const shown = squash(ctx.text.slice(ws, we));
      const rep = squash(ctx.text.slice(ws, d.start) + d.replacement + ctx.text.slice(d.end, we));
      message = rep === '' ? `${what}: delete "${shown}".` : `${what}: write "${rep}", not "${shown}".`;
      fix = replaceFix(ctx.text, d.start, d.end, d.replacement, rep === '' ? `Delete "${shown}"` : `Write "${rep}"`);
    } else if (d.code === 'en-banc-inside-court') {
      const note = squash(found).replace(/^[,\s]+|[,\s]+$/g, '');
      const close = ctx.text.indexOf(')', d.end);
      message = `${what}: write "(${note})" after the closing parenthesis.`;
      if (close >= 0 && close - d.end < 40 && /^[\s,]*$/.test(ctx.text.slice(d.end, close))) {
        fix = { title: `Move "${note}" to its own parenthetical`, preferred: true, edits: [
          { start: d.start, end: close, newText: '' },
          { start: close + 1, end: close + 1, newText: ` (${note})` },
        ] };
      }
    } else {
      message = `${what}: "${squash(found)}".`;
    }
    add(ctx, d.code, d.start, d.end, message, [fix], i);
  }
}

function startsSentence(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 40), at).replace(/(?:\\(?:textit|emph)\{|[*_{}\s])+$/u, '');
  return before === '' && at < 40 ? true : /(?:[.?!]["'”’)\]]*|\n#+[^\n]*|\n)$/.test(before) || /\n\s*\n\s*$/.test(text.slice(Math.max(0, at - 40), at));
}

function yearMissing(ctx: Ctx, c: Citation, i: number, start: number, end: number): void {
  // `730 passim (7th Cir. 2021)`: the year is there, after a passim the parser did not read.
  if (/^,?\s*passim\s*\([^)]*\d{4}\)/.test(ctx.text.slice(insertionPointForCourtYear(c), insertionPointForCourtYear(c) + 80))) return;
  const hit = ctx.idx ? lookupFull(ctx, c, i) : undefined;
  let fix: Fix | undefined;
  let message = 'A full citation ends with the court and the year of decision in parentheses.';
  const at = insertionPointForCourtYear(c);
  // Only where the citation plainly ends there (a period, semicolon, comma or end of line follows):
  // anything else may be a parenthetical the parser did not read, and a fix must be certain.
  if (hit && !hit.misspelt && c.cite && c.court === undefined && c.year === undefined && /^(?:[.;,](?:\s|$)|\s*$|\s*\n)/.test(ctx.text.slice(at, at + 3))) {
    const cy = courtYearText(hit.auth);
    message = `A full citation gives the court and year: add "${cy}".`;
    fix = { title: `Add "${cy}"`, edits: [{ start: at, end: at, newText: ` ${cy}` }], preferred: true };
  }
  add(ctx, 'year-missing', start, end, message, [fix], i);
}

function insertionPointForCourtYear(c: Citation): number {
  let at = c.cite?.page?.end ?? c.cite?.reporter.end ?? c.end;
  for (const p of c.parallel ?? []) at = Math.max(at, p.page?.end ?? p.reporter.end);
  for (const p of c.pins ?? []) at = Math.max(at, p.end);
  return at;
}

// ── Footnote pins ───────────────────────────────────────────────────────────────────────────

function passimCheck(ctx: Ctx, c: Citation, i: number): void {
  let first: Pin | undefined;
  let last: Pin | undefined;
  for (const p of c.pins ?? []) {
    if (p.kind !== 'page' && p.kind !== 'span') continue;
    first ??= p;
    last = p;
  }
  if (!first || !last) return;
  const text = ctx.text;
  if (Number.isInteger(last.end) && last.end >= 0 && last.end <= text.length) {
    // What the regex below asks, without a slice: an optional comma, spaces, then "passim".
    const lim = Math.min(text.length, last.end + 20);
    let k = last.end;
    if (k < lim && text.charCodeAt(k) === 44) k++;
    while (k < lim && isWs(text.charCodeAt(k))) k++;
    if (k + 6 > lim || !text.startsWith('passim', k)) return;
  }
  if (c.defects?.some((d) => d.code === 'pin-passim-with-page')) return;
  const m = /^,?\s*passim\b/.exec(text.slice(last.end, last.end + 20));
  if (!m) return;
  add(ctx, 'pin-passim-with-page', first.start, last.end + m[0].length, `"passim" replaces page numbers: give the pages (${squash(text.slice(first.start, last.end))}) or "passim", not both.`, [], i);
}

function footnoteForm(ctx: Ctx, c: Citation, i: number): void {
  for (const p of c.pins ?? []) {
    // Every footnote word has an "n": a pin without one is no footnote pin.
    if (plainRange(ctx.text, p.start, p.end) && !hasLetterN(ctx.text, p.start, p.end)) continue;
    const raw = ctx.text.slice(p.start, p.end);
    const norm = squash(raw);
    const m = /^(\*?\d+(?:\s*[-–]\s*\d+)?)\s*,?\s*(?:n|nn|fn|fns|note|notes|footnote|footnotes)\s*\.?\s*(\d+)(?:\s*(?:[-–]|&|,|and)\s*(\d+))?$/i.exec(norm);
    if (!m) continue;
    const page = m[1]!.replace(/\s+/g, '');
    const a = m[2]!;
    const b = m[3];
    const sep = /[-–]/.exec(norm.slice(norm.indexOf(a) + a.length))?.[0] ?? '–';
    const right = b ? `${page} nn.${a}${/[&,]|and/.test(norm.slice(norm.indexOf(a) + a.length)) ? `, ${b}` : `${sep}${b}`}` : `${page} n.${a}`;
    if (norm === right) continue;
    // Forms that differ only in line breaks are right.
    const fix = replaceFix(ctx.text, p.start, p.end, right, `Write "${right}"`);
    add(ctx, 'pin-footnote-form', p.start, p.end, `A footnote pin is the page, a space and "n." with the number: write "${right}", not "${norm}".`, [fix], i);
  }
}

// ── Format checks not covered by parser defects ────────────────────────────────────────────

function allCites(c: Citation): ReporterCite[] {
  return [...(c.cite ? [c.cite] : []), ...(c.parallel ?? [])];
}

function formatChecks(ctx: Ctx, c: Citation, i: number): void {
  if (c.kind !== 'full-case') return;
  const parallel = c.parallel ?? [];
  // A court in the parenthetical of a Supreme Court reporter cite.
  if (c.court && (c.cite || parallel.length > 0) && (!c.cite || SUPREME_REPORTERS.has(c.cite.reporter.canonical)) && parallel.every((r) => SUPREME_REPORTERS.has(r.reporter.canonical)) && c.court.text.trim() !== '') {
    const rep = (c.cite ?? parallel[0]!).reporter.canonical;
    const between = c.year ? ctx.text.slice(c.court.end, c.year.start) : '';
    const fix: Fix | undefined =
      c.year && /^[\s,]*$/.test(between)
        ? { title: `Delete "${squash(c.court.text)}"`, edits: [{ start: c.court.start, end: c.year.start, newText: '' }], preferred: true }
        : undefined;
    const yr = c.year ? `(${c.year.value})` : '(YEAR)';
    add(ctx, 'court-redundant', c.court.start, c.court.end, `The reporter ${rep} already names the Supreme Court: write "${yr}", not "(${squash(ctx.text.slice(c.court.start, c.year ? c.year.end : c.court.end))})".`, [fix], i);
  }
  // A circuit reporter with no court.
  const circuit = !c.court && c.year ? (c.cite && CIRCUIT_REPORTERS.has(c.cite.reporter.canonical) ? c.cite.reporter.canonical : parallel.find((r) => CIRCUIT_REPORTERS.has(r.reporter.canonical))?.reporter.canonical) : undefined;
  if (circuit && !c.court && c.year) {
    const hit = ctx.idx ? lookupFull(ctx, c, i) : undefined;
    const at = c.date && c.date.start < c.year.start ? c.date.start : c.year.start;
    if (hit && !hit.misspelt && hit.auth.court) {
      const court = hit.auth.court;
      add(ctx, 'court-missing', c.year.start, c.year.end, `A ${circuit} citation names the court: write "(${court} ${c.year.value})".`, [
        { title: `Add "${court}"`, edits: [{ start: at, end: at, newText: `${court} ` }], preferred: true },
      ], i);
    } else {
      add(ctx, 'court-missing', c.year.start, c.year.end, `A ${circuit} citation names the court in its parenthetical, e.g. "(7th Cir. ${c.year.value})".`, [], i);
    }
  }
  // A year outside the reporter's dates.
  if (c.year && c.cite) {
    const r = c.cite.reporter.canonical;
    const info = editionOf(r);
    if (info && r !== 'U.S.') {
      const start = info.start !== null && info.start > 1750 ? info.start : undefined;
      const end = info.end ?? undefined;
      const y = c.year.value;
      if ((start !== undefined && y < start) || (end !== undefined && y > end)) {
        const range = `${start ?? '?'}–${end ?? 'today'}`;
        add(ctx, 'year-outside-reporter', c.year.start, c.year.end, `${r} reports decisions from ${range.replace('–today', ' on')}; a ${y} decision cannot be in it: the year or the reporter is wrong.`, [], i);
      }
    }
  }
}

const editions = new Map<string, EditionInfo | undefined>();
/** reporterInfo, remembered (the reporter data is fixed). */
function editionOf(r: string): EditionInfo | undefined {
  if (editions.has(r)) return editions.get(r);
  const info = reporterInfo(r);
  if (editions.size > 5000) editions.clear();
  editions.set(r, info);
  return info;
}

// ── Dashes ──────────────────────────────────────────────────────────────────────────────────

interface DashUse {
  cite: number;
  pos: number;
  ch: string;
}

/** A dash between two digits (global: exec walks the matches; each use starts at lastIndex 0). */
const SPAN_DASH = /(\d)\s*([-–—‑])\s*(\d)/g;

/** The dashes in citation i's page spans. */
function dashUses(ctx: Ctx, c: Citation, i: number): DashUse[] | undefined {
  let uses: DashUse[] | undefined;
  for (const p of c.pins ?? []) {
    if (p.kind !== 'span' && p.kind !== 'footnote') continue;
    // (The regex below needs a dash.)
    if (plainRange(ctx.text, p.start, p.end) && !hasDash(ctx.text, p.start, p.end)) continue;
    const raw = ctx.text.slice(p.start, p.end);
    const re = SPAN_DASH;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(raw))) {
      const off = raw.indexOf(m[2]!, m.index + 1);
      (uses ??= []).push({ cite: i, pos: p.start + off, ch: m[2]! });
    }
  }
  return uses;
}

/** The dash rules over all the page spans' dashes (`dash-mixed` counts them across the brief). */
function dashChecks(ctx: Ctx, uses: DashUse[]): void {
  const style = ctx.settings.dashStyle;
  const name = (ch: string) => (ch === '–' ? 'an en dash' : ch === '—' ? 'an em dash' : ch === '‑' ? 'a non-breaking hyphen' : 'a hyphen');
  if (style === 'en-dash' || style === 'hyphen') {
    const want = style === 'en-dash' ? '–' : '-';
    for (const u of uses) {
      if (u.ch === want) continue;
      add(ctx, 'dash-style', u.pos, u.pos + 1, `Page spans use ${name(want)} (pincite.dashStyle is "${style}"), not ${name(u.ch)}.`, [
        { title: `Use ${name(want)}`, edits: [{ start: u.pos, end: u.pos + 1, newText: want }], preferred: true },
      ], u.cite);
    }
    return;
  }
  // `any`: em dashes and non-breaking hyphens are wrong in any brief; hyphen vs en dash only when mixed.
  const en = uses.filter((u) => u.ch === '–').length;
  const hy = uses.filter((u) => u.ch === '-').length;
  const usual = en >= hy ? '–' : '-';
  for (const u of uses) {
    if (u.ch === '—' || u.ch === '‑') {
      add(ctx, 'dash-style', u.pos, u.pos + 1, `A page span uses an en dash or a hyphen, not ${name(u.ch)}.`, [
        { title: `Use ${name(usual)}`, edits: [{ start: u.pos, end: u.pos + 1, newText: usual }], preferred: true },
      ], u.cite);
    }
  }
  if (en > 0 && hy > 0) {
    const minority = en >= hy ? '-' : '–';
    for (const u of uses) {
      if (u.ch !== minority) continue;
      add(ctx, 'dash-mixed', u.pos, u.pos + 1, `This brief mixes dashes in page spans (${en} en dash${en === 1 ? '' : 'es'}, ${hy} hyphen${hy === 1 ? '' : 's'}): use ${name(usual)} here too.`, [
        { title: `Use ${name(usual)}`, edits: [{ start: u.pos, end: u.pos + 1, newText: usual }], preferred: false },
      ], u.cite);
    }
  }
}

// ── Table: full citations ───────────────────────────────────────────────────────────────────

interface FullHit {
  auth: CaseAuthority;
  fact?: ReporterCiteFact;
  /** Which cite matched the table exactly: -1 the primary, k parallel k (absent: matched by name). */
  by?: number;
  misspelt?: ReturnType<typeof misspelling>;
  /** The written cite matched no cite of the case. */
  citeWrong?: boolean;
}

/** The table's case for full citation i (looked up once per check: the answer depends on the table). */
function lookupFull(ctx: Ctx, c: Citation, i: number): FullHit | undefined {
  const cached = ctx.full[i];
  if (cached !== undefined && ctx.cites[i] === c) return cached ?? undefined;
  const r = lookupFullUncached(ctx, c);
  if (ctx.cites[i] === c) ctx.full[i] = r ?? null;
  return r;
}

function lookupFullUncached(ctx: Ctx, c: Citation): FullHit | undefined {
  const idx = ctx.idx;
  if (!idx || !c.cite || c.kind !== 'full-case') return undefined;
  const written = c.name?.text ?? '';
  const parallel = c.parallel ?? [];
  for (let k = -1; k < parallel.length; k++) {
    const rc = k < 0 ? c.cite : parallel[k]!;
    if (!rc.page) continue;
    const h = exactHit(idx, rc.volume.value, rc.reporter.canonical, rc.page.value);
    if (h) {
      const out: FullHit = { auth: h.auth, fact: h.fact, by: k };
      if (written && !nameMatches(h.auth, written)) {
        const m = misspelling(h.auth, written);
        if (m) out.misspelt = m;
      }
      return out;
    }
  }
  if (!written) return undefined;
  const byName = casesByName(idx, written);
  if (byName.length !== 1) return undefined;
  const { auth, misspelt } = byName[0]!;
  const out: FullHit = { auth, citeWrong: true };
  if (misspelt) out.misspelt = misspelt;
  return out;
}

function tableFull(ctx: Ctx, c: Citation, i: number): void {
  if (c.kind !== 'full-case' || !c.cite) return;
  const hit = lookupFull(ctx, c, i);
  if (!hit) {
    const name = c.name ? squash(c.name.text) : 'This case';
    add(ctx, 'not-in-table', c.cite.volume.start, c.cite.page?.end ?? c.cite.reporter.end, `${name}, ${squash(c.cite.volume.text)} ${c.cite.reporter.canonical} ${c.cite.page?.text ?? '___'} is not in the bundled table, so it was not verified.`, [], i);
    return;
  }
  const a = hit.auth;
  ctx.auth[i] = hit.fact ? { auth: a, fact: hit.fact } : { auth: a };
  // Name
  if (hit.misspelt && c.name) {
    const m = hit.misspelt;
    const nameText = ctx.text.slice(c.name.start, c.name.end);
    const wordRe = /[\p{L}\p{N}'’.-]+/gu;
    let mm: RegExpExecArray | null;
    let fix: Fix | undefined;
    let wroteOrig = m.wrote;
    while ((mm = wordRe.exec(nameText))) {
      const tok = mm[0].replace(/[.,]+$/, '');
      if (tok.toLowerCase().replace(/[^a-z0-9]/g, '') === m.wrote) {
        wroteOrig = tok;
        const s = c.name.start + mm.index;
        fix = replaceFix(ctx.text, s, s + tok.length, m.rightOriginal, `Write "${m.rightOriginal}"`);
        break;
      }
    }
    const err = opinionErrorFor(a, 'name', squash(c.name.text));
    add(ctx, 'case-name-misspelt', c.name.start, c.name.end, `The case is ${a.name}: "${wroteOrig}" should be "${m.rightOriginal}"${err ? `; ${SOURCE}` : ''}.`, [fix], i);
  }
  // Volume / reporter / page
  if (hit.citeWrong) {
    citeMismatch(ctx, c, i, a);
    return;
  }
  // Year
  if (c.year && c.year.value !== a.year && !isDatabaseReporter(c.cite.reporter.canonical)) {
    const err = opinionErrorFor(a, 'year', String(c.year.value));
    add(ctx, 'year-mismatch', c.year.start, c.year.end, `${a.name} was decided in ${a.year}, not ${c.year.value}${err ? `; ${SOURCE}` : ''}.`, [
      replaceFix(ctx.text, c.year.start, c.year.end, String(a.year), `Write "${a.year}"`),
    ], i);
  }
  // Court
  if (c.court && a.court && !c.defects.some((d) => d.code === 'court-malformed')) {
    if (courtKey(c.court.text) !== courtKey(a.court) && !/en\s*banc|per\s*curiam/i.test(c.court.text)) {
      const err = opinionErrorFor(a, 'court', squash(c.court.text));
      add(ctx, 'court-mismatch', c.court.start, c.court.end, `${a.name} was decided by the ${a.courtName} ("${a.court}"), not "${squash(c.court.text)}"${err ? `; ${SOURCE}` : ''}.`, [
        replaceFix(ctx.text, c.court.start, c.court.end, a.court, `Write "${a.court}"`),
      ], i);
    }
  }
  // Pins of the primary cite (pins written before the first parallel cite).
  const primaryEnd = c.parallel && c.parallel.length > 0 ? c.parallel[0]!.volume.start : Infinity;
  const pins = c.pins ?? [];
  if (pins.length === 0) return;
  // The lookup tried the primary cite first: it matched (hit.fact), or nothing is there.
  const primaryFact = hit.by === -1 ? hit.fact : undefined;
  if (primaryFact) pinRange(ctx, i, pins, a, primaryFact, 'pin-out-of-range', -Infinity, primaryEnd);
  for (let k = 0; k < (c.parallel ?? []).length; k++) {
    const rc = c.parallel[k]!;
    const next = c.parallel[k + 1]?.volume.start ?? Infinity;
    const f = rc.page && exactHit(ctx.idx!, rc.volume.value, rc.reporter.canonical, rc.page.value)?.fact;
    if (f) pinRange(ctx, i, pins, a, f, 'pin-out-of-range', rc.volume.start, next);
  }
}

const courtKeys = new Map<string, string>();
/** A court without spaces, lowercased (remembered: the same few courts recur). */
function courtKey(court: string): string {
  let k = courtKeys.get(court);
  if (k !== undefined) return k;
  k = court.replace(/\s+/g, '').toLowerCase();
  if (courtKeys.size > 5000) courtKeys.clear();
  courtKeys.set(court, k);
  return k;
}

/**
 * Flags the page pins outside the case's pages. With `after`/`before`, only the pins starting
 * strictly between them (the pins of one reporter cite).
 */
function pinRange(ctx: Ctx, i: number, pins: Pin[], a: CaseAuthority, f: ReporterCiteFact, code: string, after?: number, before?: number): void {
  for (const p of pins) {
    if (after !== undefined && !(p.start > after && p.start < before!)) continue;
    if (p.kind !== 'page' && p.kind !== 'span' && p.kind !== 'footnote') continue;
    if (p.first === undefined) continue;
    const where = pinInFact(f, p.first, p.last ?? p.first);
    if (where === 'inside') continue;
    const span = f.lastPage !== undefined ? `pages ${f.page}–${f.lastPage}` : `from page ${f.page}`;
    const err = opinionErrorFor(a, code === 'id-pin-out-of-range' ? 'id' : 'pin', squash(p.text));
    add(ctx, code, p.start, p.end, `Pin ${squash(p.text)} is ${where === 'before' ? 'before the first page' : 'past the last page'} of ${a.name}, ${citeText(f)} (${span})${err ? `; ${SOURCE}` : ''}.`, [], i);
  }
}

function citeMismatch(ctx: Ctx, c: Citation, i: number, a: CaseAuthority): void {
  const rc = c.cite!;
  const vol = rc.volume.value;
  const rep = rc.reporter.canonical;
  const page = rc.page?.value;
  // Only judge against a cite of the same reporter, or the same volume and page in another
  // reporter: the table may not list every parallel cite of a case.
  const same = a.cites.filter((f) => repKey(f.reporter) === repKey(rep) || (f.volume === vol && f.page === page));
  if (same.length === 0) return;
  let best: ReporterCiteFact | undefined;
  let bestDiff = 4;
  for (const f of same) {
    const diff = (f.volume !== vol ? 1 : 0) + (repKey(f.reporter) !== repKey(rep) ? 1 : 0) + (f.page !== page ? 1 : 0);
    if (diff < bestDiff) {
      bestDiff = diff;
      best = f;
    }
  }
  if (!best || bestDiff === 0) return;
  const written = `${vol} ${rep} ${page ?? '___'}`;
  const fields: string[] = [];
  const fixes: (Fix | undefined)[] = [];
  const edits: TextEdit[] = [];
  if (best.volume !== vol) {
    fields.push('volume');
    edits.push({ start: rc.volume.start, end: rc.volume.end, newText: String(best.volume) });
  }
  if (repKey(best.reporter) !== repKey(rep)) {
    fields.push('reporter');
    edits.push({ start: rc.reporter.start, end: rc.reporter.end, newText: best.reporter });
  }
  if (best.page !== page) {
    fields.push('page');
    if (rc.page) edits.push({ start: rc.page.start, end: rc.page.end, newText: String(best.page) });
  }
  const err = fields.map((f) => opinionErrorFor(a, f as 'volume' | 'page' | 'reporter', f === 'volume' ? String(vol) : f === 'page' ? String(page) : rep)).find((x) => x);
  if (bestDiff === 1 && edits.length === 1) fixes.push({ title: `Write "${citeText(best)}"`, edits, preferred: true });
  const s = rc.volume.start;
  const e = rc.page?.end ?? rc.reporter.end;
  add(ctx, 'cite-mismatch', s, e, `${a.name} is ${citeText(best)}, not ${written} (wrong ${fields.join(' and ')})${err ? `; ${SOURCE}` : ''}.`, fixes, i);
}

// ── Table: short forms and id. ──────────────────────────────────────────────────────────────

function shortName(c: Citation): string | undefined {
  const n = c.name?.text?.trim();
  if (!n) return undefined;
  return n.replace(/,\s*$/, '');
}

function tableShortAndId(ctx: Ctx, c: Citation, i: number): void {
  if (c.kind === 'short-case') shortCheck(ctx, c, i);
  else if (c.kind === 'id') idCheck(ctx, c, i);
}

function shortCheck(ctx: Ctx, c: Citation, i: number): void {
  if (!c.cite) return;
  const vol = c.cite.volume.value;
  const rep = c.cite.reporter.canonical;
  // Earlier full citations come from indexes over the whole list (built once per check), never
  // from a scan of every earlier citation: a brief of thousands of short forms stays linear.
  const fi = fullIndexOf(ctx);
  const sameCite = fi.byVolRep.get(vol)?.get(rep);
  const nSame = countBelow(sameCite, i);
  if (nSame > 0) {
    const j = pickAntecedent(ctx, c, sameCite!, nSame, vol, rep);
    const h = ctx.auth[j];
    if (h) {
      const f = caseFactFor(h.auth, vol, rep);
      ctx.auth[i] = f ? { auth: h.auth, fact: f } : { auth: h.auth };
      if (f) pinRange(ctx, i, c.pins ?? [], h.auth, f, 'pin-out-of-range');
    }
    return;
  }
  const name = shortName(c);
  const ctxIdx = ctx.idx!;
  if (name) {
    const sw = nameWordsOf(name);
    const byName = sw.length === 0 ? [] : before(fullsWithWord(ctx, sw[0]!), i).map((j) => ({ x: ctx.cites[j]!, j })).filter(({ x }) => x.name && nameHasWords(x.name.text, name));
    if (byName.length > 0) {
      // Candidates: the same reporter, and a pin inside the case where the table knows it.
      const pin = c.pins?.[0]?.first;
      const cands: { vol: number; rep: string; a?: CaseAuthority; f?: ReporterCiteFact }[] = [];
      for (const { x, j } of byName) {
        for (const r of allCites(x)) {
          if (r.reporter.canonical !== rep) continue;
          const h = ctx.auth[j];
          const f = h ? caseFactFor(h.auth, r.volume.value, r.reporter.canonical) : undefined;
          if (pin !== undefined && f && pinInFact(f, pin) !== 'inside') continue;
          if (!cands.some((k) => k.vol === r.volume.value)) cands.push({ vol: r.volume.value, rep: r.reporter.canonical, ...(h ? { a: h.auth } : {}), ...(f ? { f } : {}) });
        }
      }
      const names = [...new Set(byName.map(({ x }) => squash(x.name!.text)))];
      if (cands.length === 1) {
        const k = cands[0]!;
        if (k.a) ctx.auth[i] = k.f ? { auth: k.a, fact: k.f } : { auth: k.a };
        const err = k.a ? opinionErrorFor(k.a, 'volume', String(vol)) : undefined;
        const who = k.a ? k.a.name : names[0];
        add(ctx, 'short-mismatch', c.cite.volume.start, c.cite.reporter.end, `No earlier full citation of ${name} is in ${vol} ${rep}: ${who} is ${k.f ? citeText(k.f) : `${k.vol} ${k.rep}`}, so write "${k.vol} ${k.rep}"${err ? `; ${SOURCE}` : ''}.`, [
          replaceFix(ctx.text, c.cite.volume.start, c.cite.volume.end, String(k.vol), `Write "${k.vol}"`),
        ], i);
      } else {
        add(ctx, 'short-mismatch', c.cite.volume.start, c.cite.reporter.end, `No earlier full citation of ${name} is in ${vol} ${rep} (earlier: ${names.join('; ')}).`, [], i);
      }
      return;
    }
  }
  // No earlier full citation at all: expand from the table where it knows the case.
  const pin = c.pins?.[0];
  const hits = hitsAt(ctxIdx, vol, rep).filter((h) => (!name || shortNameMatches(h.auth, name)) && (pin?.first === undefined || pinInFact(h.fact, pin.first) === 'inside'));
  const fixes: (Fix | undefined)[] = [];
  let detail = '';
  if (hits.length === 1) {
    const { auth: a, fact: f } = hits[0]!;
    ctx.auth[i] = { auth: a, fact: f };
    detail = `: cite it in full first, ${a.name}, ${citeText(f)} ${courtYearText(a)}`;
    if (name && c.name && pin && c.pins.length > 0 && c.cite.reporter.end <= c.pins[0]!.start) {
      // Minimal edits that keep the writer's markup: the rest of the name after the name word,
      // the first page for "at", the court and year after the last pin.
      const last = c.pins[c.pins.length - 1]!;
      const nameSrc = ctx.text.slice(c.name.start, c.name.end);
      const wordAt = nameSrc.indexOf(name);
      const rest = a.name.startsWith(name) ? a.name.slice(name.length) : undefined;
      const gap = ctx.text.slice(c.cite.reporter.end, c.pins[0]!.start);
      const atM = /\bat\b/.exec(gap);
      if (rest !== undefined && wordAt >= 0 && atM) {
        const nameEnd = c.name.start + wordAt + name.length;
        const atS = c.cite.reporter.end + atM.index;
        const full = `${a.name}, ${citeText(f)}, ${squash(ctx.text.slice(c.pins[0]!.start, last.end))} ${courtYearText(a)}`;
        fixes.push({ title: `Expand to the full citation "${full}"`, preferred: true, edits: [
          ...(rest ? [{ start: nameEnd, end: nameEnd, newText: rest }] : []),
          { start: atS, end: atS + 2, newText: `${f.page},` },
          { start: last.end, end: last.end, newText: ` ${courtYearText(a)}` },
        ] });
      }
    }
    const err = (a.opinionErrors ?? []).find((e) => e.field === 'id' || /short|full citation|antecedent/i.test(e.explanation));
    if (err && ctx.settings) detail += `; ${SOURCE}`;
  }
  const label = name ? `${name}, ${vol} ${rep}` : `${vol} ${rep}`;
  const rs = c.name?.start ?? c.cite.volume.start;
  const re = c.pins && c.pins.length > 0 ? c.pins[c.pins.length - 1]!.end : c.cite.reporter.end;
  add(ctx, 'short-no-antecedent', rs, re, `Short form ${label} has no earlier full citation in this brief${detail}.`, fixes, i);
}

/**
 * Of earlier full cites in the same volume and reporter (the first n of an ascending list), the
 * one a short form refers to: the resolver's antecedent where it is one of them.
 */
function pickAntecedent(ctx: Ctx, c: Citation, list: number[], n: number, vol: number, rep: string): number {
  const ant = c.resolution?.status === 'resolved' ? c.resolution.antecedent : undefined;
  if (ant !== undefined && countBelow(list, ant) < n && list[countBelow(list, ant)] === ant) return ant;
  const js = n === list.length ? list : list.slice(0, n);
  const name = shortName(c);
  let cands = js;
  if (name) {
    const named = cands.filter((j) => {
      const x = ctx.cites[j]!;
      const h = ctx.auth[j];
      return (x.name && nameHasWords(x.name.text, name)) || (h && shortNameMatches(h.auth, name));
    });
    if (named.length > 0) cands = named;
  }
  const pin = c.pins?.find((p) => p.first !== undefined)?.first;
  if (cands.length > 1 && pin !== undefined) {
    // The case starting closest before the pin.
    let best: number | undefined;
    let bestPage = -Infinity;
    for (const j of cands) {
      for (const r of allCites(ctx.cites[j]!)) {
        if (r.volume.value !== vol || r.reporter.canonical !== rep || !r.page) continue;
        if (r.page.value <= pin && r.page.value > bestPage) {
          bestPage = r.page.value;
          best = j;
        }
      }
    }
    if (best !== undefined) return best;
  }
  return cands[cands.length - 1]!;
}

const nameWordCache = new Map<string, string[]>();
function nameWordsOf(s: string): string[] {
  let w = nameWordCache.get(s);
  if (w) return w;
  if (nameWordCache.size > 20000) nameWordCache.clear();
  w = s.toLowerCase().replace(/[^a-z0-9\s]/g, '').split(/\s+/).filter(Boolean);
  nameWordCache.set(s, w);
  return w;
}

function nameHasWords(full: string, short: string): boolean {
  const fw = nameWordsOf(full);
  const sw = nameWordsOf(short);
  return sw.length > 0 && sw.every((w) => fw.includes(w));
}

/**
 * Full case citations (with a reporter cite) by volume then reporter of any of their cites, and
 * by name word; ascending. Name words are needed only for a short form with no earlier full
 * citation in its volume: a list per word asked for, or, past a few words, an index of them all.
 */
interface FullIndex {
  byVolRep: Map<number, Map<string, number[]>>;
  /**
   * The full case citations with a reporter cite, the first of each text only: what the checks
   * read of an earlier full citation by its name (its name, cites and table entry) follows from
   * its text, so a repeat tells them nothing new; and a brief that cites one case in full a
   * thousand times would otherwise make every short form of that name read all the earlier ones.
   */
  fulls: number[];
  wordLists: Map<string, number[]>;
  byWord: Map<string, number[]> | undefined;
  /** nameWordsOf each full citation's name (by citation index), once looked up. */
  words: (string[] | undefined)[];
}

/** The name words of full citation j (none without a name). */
function fullNameWords(ctx: Ctx, fi: FullIndex, j: number): string[] {
  let w = fi.words[j];
  if (!w) {
    const x = ctx.cites[j]!;
    fi.words[j] = w = x.name ? nameWordsOf(x.name.text) : [];
  }
  return w;
}

/** How many words get a list of their own before every word is indexed (keeps a check linear). */
const WORD_LISTS = 8;

/** Appends j to an ascending list unless it is already last. */
function pushIndex<K>(m: Map<K, number[]>, k: K, j: number): void {
  const l = m.get(k);
  if (!l) m.set(k, [j]);
  else if (l[l.length - 1] !== j) l.push(j);
}

function fullIndexOf(ctx: Ctx): FullIndex {
  let fi = ctx.fullIndex;
  if (fi) return fi;
  fi = { byVolRep: new Map(), fulls: [], wordLists: new Map(), byWord: undefined, words: [] };
  const texts = new Set<string>();
  for (let j = 0; j < ctx.cites.length; j++) {
    const x = ctx.cites[j]!;
    if (x.kind !== 'full-case' || !x.cite) continue;
    const text = ctx.text.slice(x.start, x.end);
    if (!texts.has(text)) {
      texts.add(text);
      fi.fulls.push(j);
    }
    for (let k = -1; k < (x.parallel ?? []).length; k++) {
      const r = k < 0 ? x.cite : x.parallel[k]!;
      let byRep = fi.byVolRep.get(r.volume.value);
      if (!byRep) fi.byVolRep.set(r.volume.value, (byRep = new Map()));
      pushIndex(byRep, r.reporter.canonical, j);
    }
  }
  ctx.fullIndex = fi;
  return fi;
}

/** The full case citations (with a reporter cite; the first of each text) whose name has the word, ascending. */
function fullsWithWord(ctx: Ctx, w: string): number[] | undefined {
  const fi = fullIndexOf(ctx);
  if (!fi.byWord) {
    let list = fi.wordLists.get(w);
    if (list) return list;
    if (fi.wordLists.size < WORD_LISTS) {
      list = [];
      for (const j of fi.fulls) if (fullNameWords(ctx, fi, j).includes(w)) list.push(j);
      fi.wordLists.set(w, list);
      return list;
    }
    const byWord = new Map<string, number[]>();
    for (const j of fi.fulls) for (const word of fullNameWords(ctx, fi, j)) pushIndex(byWord, word, j);
    fi.byWord = byWord;
  }
  return fi.byWord.get(w);
}

/** How many entries of an ascending index list are below i. */
function countBelow(list: number[] | undefined, i: number): number {
  if (!list) return 0;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The entries of an ascending index list below i. */
function before(list: number[] | undefined, i: number): number[] {
  if (!list) return [];
  const lo = countBelow(list, i);
  return lo === list.length ? list : list.slice(0, lo);
}

/** The citation an id. refers to: the immediately preceding citation that is not nested. */
function previousOf(ctx: Ctx, i: number): number | undefined {
  const c = ctx.cites[i]!;
  const p = c.resolution?.previous;
  if (p !== undefined && p >= 0 && p < i) return p;
  for (let j = i - 1; j >= 0; j--) {
    const x = ctx.cites[j]!;
    if (x.parent !== undefined) continue;
    return j;
  }
  return undefined;
}

function referentOf(ctx: Ctx, i: number, depth = 0): { j: number; hit: CaseHit2 | undefined } | undefined {
  if (depth > 50) return undefined;
  const j = previousOf(ctx, i);
  if (j === undefined) return undefined;
  const x = ctx.cites[j]!;
  if (x.kind === 'id') {
    const r = referentOf(ctx, j, depth + 1);
    return { j, hit: r?.hit };
  }
  return { j, hit: ctx.auth[j] };
}

/** Does text[from, to) start with a semicolon, after spaces and emphasis marks (`*`, `_`)? */
function joinedBySemicolon(text: string, from: number, to: number): boolean {
  if (!(Number.isInteger(from) && from >= 0 && Number.isInteger(to) && to >= 0)) return /^[\s\u00a0*_]*;/.test(text.slice(from, to));
  const end = Math.min(to, text.length);
  for (let k = from; k < end; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 59) return true;
    if (ch !== 42 && ch !== 95 && !isWs(ch)) return false;
  }
  return false;
}

function isStringCite(ctx: Ctx, j: number): { other: number } | undefined {
  // j is preceded by another top-level citation joined to it with a semicolon.
  for (let k = j - 1; k >= 0; k--) {
    const x = ctx.cites[k]!;
    if (x.parent !== undefined) continue;
    if (!joinedBySemicolon(ctx.text, x.end, ctx.cites[j]!.start)) return undefined;
    const a = ctx.auth[k]?.auth;
    const b = ctx.auth[j]?.auth;
    if (a && b && a === b) return undefined;
    return { other: k };
  }
  return undefined;
}

/**
 * The distinct (case, fact) pairs the table gave citations 0..i-1. Those entries are final by the
 * time citation i is checked, so the pairs are gathered once, as i grows.
 */
function earlierFacts(ctx: Ctx, i: number): { auth: CaseAuthority; fact: ReporterCiteFact }[] {
  if (i < ctx.folded) {
    const out: { auth: CaseAuthority; fact: ReporterCiteFact }[] = [];
    for (let k = 0; k < i; k++) {
      const h = ctx.auth[k];
      if (h?.fact) out.push({ auth: h.auth, fact: h.fact });
    }
    return out;
  }
  for (let k = ctx.folded; k < i; k++) {
    const h = ctx.auth[k];
    if (!h?.fact) continue;
    let auths = ctx.factAuths.get(h.fact);
    if (!auths) ctx.factAuths.set(h.fact, (auths = []));
    if (!auths.includes(h.auth)) {
      auths.push(h.auth);
      ctx.facts.push({ auth: h.auth, fact: h.fact });
    }
  }
  ctx.folded = i;
  return ctx.facts;
}

/** A footnote starting on a new line: `12 The…`, `[^n]:` or `\\footnote{`. */
const FOOTNOTE_START = /\n[ \t]*(?:\d{1,3}[ \t]+[A-Z\u201c"]|\[\^[^\]]+\]:|\\footnote\{)/;

/**
 * FOOTNOTE_START.test(text.slice(from, to)) for a plain range, without the slice and without
 * scanning the text between newlines: each newline in the range is tried in turn.
 */
function footnoteStartIn(ctx: Ctx, from: number, to: number): boolean {
  for (let q = from < to ? nextNewline(ctx, from) : -1; q >= 0 && q < to; q = nextNewline(ctx, q + 1)) {
    if (footnoteStartAt(ctx.text, q + 1, to)) return true;
  }
  return false;
}

/** Does FOOTNOTE_START, less its newline, match at k within text[..to)? (The match is unique: no backtracking can help.) */
function footnoteStartAt(text: string, k: number, to: number): boolean {
  while (k < to && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  if (k >= to) return false;
  const ch = text.charCodeAt(k);
  if (ch >= 48 && ch <= 57) {
    // One to three digits (not four), spaces or tabs, then a capital or an opening quote.
    let e = k;
    while (e < to && e - k < 4 && text.charCodeAt(e) >= 48 && text.charCodeAt(e) <= 57) e++;
    if (e - k > 3 || e >= to || (text.charCodeAt(e) !== 32 && text.charCodeAt(e) !== 9)) return false;
    while (e < to && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9)) e++;
    if (e >= to) return false;
    const c2 = text.charCodeAt(e);
    return (c2 >= 65 && c2 <= 90) || c2 === 0x201c || c2 === 34;
  }
  if (ch === 91) {
    // `[^`, at least one character up to the first `]`, then `:`.
    if (k + 1 >= to || text.charCodeAt(k + 1) !== 94) return false;
    let r = k + 2;
    while (r < to && text.charCodeAt(r) !== 93) r++;
    return r > k + 2 && r + 1 < to && text.charCodeAt(r + 1) === 58;
  }
  return ch === 92 && k + 10 <= to && text.startsWith('\\footnote{', k);
}

function idCheck(ctx: Ctx, c: Citation, i: number): void {
  if (c.resolution?.status === 'internal') return;
  const r = referentOf(ctx, i);
  if (!r || c.resolution?.status === 'no-antecedent') {
    add(ctx, 'id-no-antecedent', c.start, c.end, `"${squash(ctx.text.slice(c.start, Math.min(c.end, c.start + 3)))}" refers to the immediately preceding citation, and there is none.`, [], i);
    return;
  }
  const s = isStringCite(ctx, r.j);
  if (s) {
    const prevText = squash(ctx.cites[r.j]!.text).slice(0, 80);
    add(ctx, 'id-after-string-cite', c.start, c.end, `"Id." cannot follow a string citation (the preceding citation sentence cites several authorities): use a short form of the one meant, e.g. of ${prevText}.`, [], i, [
      { start: ctx.cites[s.other]!.start, end: ctx.cites[r.j]!.end, message: 'the string citation' },
    ]);
    return;
  }
  // A footnote starts between the preceding citation (in file order) and this id.: the id.'s
  // antecedent is the citation before the footnote call, which file order does not give. Do not
  // judge its pin against a citation it may not refer to.
  // (Without a table case there is nothing to judge: the test is skipped.)
  if (!r.hit) return;
  const from = ctx.cites[r.j]!.end;
  if (plainRange(ctx.text, from, c.start) ? footnoteStartIn(ctx, from, c.start) : FOOTNOTE_START.test(ctx.text.slice(from, c.start))) return;
  ctx.auth[i] = r.hit;
  if (r.hit.fact) {
    const f = r.hit.fact;
    const a = r.hit.auth;
    const bad = (c.pins ?? []).filter((p) => (p.kind === 'page' || p.kind === 'span' || p.kind === 'footnote') && p.first !== undefined && pinInFact(f, p.first, p.last ?? p.first) !== 'inside');
    for (const p of bad) {
      // Which earlier-cited case does the pin fall in? (a hint, never a fix)
      const seen = new Set<CaseAuthority>();
      for (const h of earlierFacts(ctx, i)) {
        if (h.auth !== a && pinInFact(h.fact, p.first!, p.last ?? p.first!) === 'inside' && h.fact.reporter === f.reporter) seen.add(h.auth);
      }
      const hint = seen.size === 1 ? ` (it falls within ${[...seen][0]!.name}, ${citeText(([...seen][0]!.cites.find((x) => x.reporter === f.reporter) ?? [...seen][0]!.cites[0])!)})` : '';
      const err = (a.opinionErrors ?? []).find((e) => e.field === 'id' && e.wrote.includes(squash(p.text)));
      const span = f.lastPage !== undefined ? `pages ${f.page}–${f.lastPage}` : `which begins at page ${f.page}`;
      add(ctx, 'id-pin-out-of-range', p.start, p.end, `"Id." refers to ${a.name}, ${citeText(f)} (${span}), and pin ${squash(p.text)} is outside it${hint}${err ? `; ${SOURCE}` : ''}.`, [], i, [
        { start: ctx.cites[r.j]!.start, end: ctx.cites[r.j]!.end, message: 'the preceding citation' },
      ]);
    }
  }
}

// ── supra ───────────────────────────────────────────────────────────────────────────────────

function supraChecks(ctx: Ctx, c: Citation, i: number): void {
  if (c.kind !== 'supra') return;
  const name = shortName(c);
  const ant = c.resolution?.antecedent;
  let full: Citation | undefined = ant !== undefined ? ctx.cites[ant] : undefined;
  if (!full || full.kind !== 'full-case') {
    full = undefined;
    if (name) {
      for (let j = i - 1; j >= 0; j--) {
        const x = ctx.cites[j]!;
        if (x.kind === 'full-case' && x.name && nameHasWords(x.name.text, name)) {
          full = x;
          break;
        }
      }
    }
  }
  const isCase = !!full || (!!ctx.idx && !!name && ctx.idx.cases.some((a) => shortNameMatches(a, name)));
  if (!isCase) return;
  const src = ctx.text.slice(c.start, c.end);
  const m = /(?:\\(?:emph|textit)\{|[*_])?supra(?:\}|[*_])?\s*,?\s*(?:at\s+)?/i.exec(src);
  const fixes: (Fix | undefined)[] = [];
  let right = 'a short form with the volume and reporter';
  if (full?.cite && m && (c.pins?.length ?? 0) > 0) {
    const s = c.start + m.index;
    const e = s + m[0].length;
    if (e <= c.pins[0]!.start) {
      const rep = `${full.cite.volume.value} ${full.cite.reporter.canonical} at `;
      right = `"${name ? `${name}, ` : ''}${rep}${squash(c.pins[0]!.text)}"`;
      fixes.push(replaceFix(ctx.text, s, c.pins[0]!.start, rep, `Write ${right}`));
    }
  }
  const at = m ? c.start + m.index : c.start;
  add(ctx, 'supra-for-case', at, at + (m ? 5 : c.end - c.start), `"supra" is not used for cases: write ${right}.`, fixes, i);
}

export { RULES };
