// Resolution of short forms (Indigo R15) and id. (R6.2.2 / R15.3).
//
// Choice on parentheticals: *id.* refers to "the same exact source cited in the immediately
// preceding citation" (R6.2.2). We read "citation" as the citation the reader just finished —
// the main citation, including its parentheticals — so authorities cited only inside a
// `(quoting …)` / `(citing …)` parenthetical of that citation are NOT the antecedent of a
// following *id.* (the common Bluebook/Indigo reading: the parenthetical authority is part of
// the preceding citation, not a citation of its own). A nested *id.* (inside a parenthetical)
// may refer to a citation nested in the same parenthetical.
import type { Citation, ReporterCite, Resolution } from './types';

export type Between = (j: number, next: number) => string;

const wordCache = new Map<string, ReadonlySet<string>>();
const NO_WORDS: ReadonlySet<string> = new Set();
/** The lowercased words of a name (cached by text: the same names recur keystroke after keystroke). */
function words(t: string | undefined): ReadonlySet<string> {
  if (t === undefined) return NO_WORDS;
  const hit = wordCache.get(t);
  if (hit) return hit;
  if (wordCache.size > 5000) wordCache.clear();
  const out = new Set<string>();
  wordCache.set(t, out);
  for (const w of t.split(/[\s,]+/)) {
    const x = w.replace(/^[^\w]+|[^\w.'-]+$/g, '').toLowerCase();
    if (x) out.add(x);
  }
  return out;
}

/** Identity of the authority a citation names (for comparing citations). */
export function authorityKey(c: Citation): string | undefined {
  if (c.kind === 'full-case' && c.cite) return `${c.cite.volume.value} ${c.cite.reporter.canonical} ${c.cite.page?.value ?? ''}`;
  if (c.kind === 'statute' || c.kind === 'rule' || c.kind === 'constitution') {
    return `${c.title?.text ?? ''} ${c.code?.text ?? ''} ${(c.sections ?? []).map((x) => x.text).join(',')}`.trim();
  }
  return undefined;
}

/** The words of a short form's name that must all appear in the full citation's name. */
function shortWords(c: Citation): ReadonlySet<string> {
  return words(c.name?.parties[0]?.text ?? c.name?.text);
}

/**
 * The state of one resolveAll pass: the full citations seen so far, indexed by `volume` then
 * `reporter` (primary and parallel cites), each list ascending. Name words are looked up only
 * when asked for (a name is split once per pass, not once per comparison), and so is the index
 * by name word, which only supra and a short form in no earlier volume need: one list per word
 * asked for, or, past a few words, all of them.
 */
interface Pass {
  cits: Citation[];
  between: Between;
  byVolRep: Map<number, Map<string, number[]>>;
  /** The full citations seen so far, ascending. */
  fulls: number[];
  /** The name words of full citation j, once looked up. */
  fullWords: (ReadonlySet<string> | undefined)[];
  /** Full citations by name word, for the words asked for: each list covers fulls[0..upTo). */
  wordLists: Map<string, { list: number[]; upTo: number }>;
  /** Every word, once more than WORD_LISTS words were asked for: covers fulls[0..byWordUpTo). */
  byWord: Map<string, number[]> | undefined;
  byWordUpTo: number;
}

/** How many words get a list of their own before every word is indexed (keeps a pass linear). */
const WORD_LISTS = 8;
const NO_CITES: number[] = [];

function fullWordsOf(pass: Pass, j: number): ReadonlySet<string> {
  let ws = pass.fullWords[j];
  if (!ws) pass.fullWords[j] = ws = words(pass.cits[j]!.name?.text);
  return ws;
}

/** The full citations seen so far whose name has the word, ascending. */
function fullsWithWord(pass: Pass, w: string): number[] {
  const fulls = pass.fulls;
  if (!pass.byWord) {
    let e = pass.wordLists.get(w);
    if (!e && pass.wordLists.size < WORD_LISTS) pass.wordLists.set(w, (e = { list: [], upTo: 0 }));
    if (e) {
      for (; e.upTo < fulls.length; e.upTo++) if (fullWordsOf(pass, fulls[e.upTo]!).has(w)) e.list.push(fulls[e.upTo]!);
      return e.list;
    }
    pass.byWord = new Map();
  }
  for (; pass.byWordUpTo < fulls.length; pass.byWordUpTo++) {
    const j = fulls[pass.byWordUpTo]!;
    for (const x of fullWordsOf(pass, j)) {
      const l = pass.byWord.get(x);
      if (l) l.push(j);
      else pass.byWord.set(x, [j]);
    }
  }
  return pass.byWord.get(w) ?? NO_CITES;
}

/** Does the full citation j bear every name word of the short form c (whose words are sw)? */
function nameMatches(pass: Pass, j: number, c: Citation, sw: ReadonlySet<string>): boolean {
  const full = pass.cits[j]!;
  if (!full.name || !c.name) return false;
  if (sw.size === 0) return false;
  const fw = fullWordsOf(pass, j);
  for (const w of sw) if (!fw.has(w) && w !== 'of' && w !== 'the' && w !== '&' && w !== 'v.') return false;
  return true;
}

function pinValue(c: Citation): number | undefined {
  const p = c.pins[0];
  return p?.first;
}

/** How many of the most recent full citations of a volume and reporter, or of a name word, are considered. */
const RECENT = 16;

/**
 * Resolves every citation in place. `between(j, next)` is the normalized text between the end of
 * citation j and the start of citation next (a string citation is joined by `;`); it is called
 * only where the answer can change the result (an id. after a resolved citation). Citations below
 * `from` keep the resolution they carry (an incremental update whose earlier citations did not
 * change); they are still indexed for the ones after.
 */
export function resolveAll(cits: Citation[], between: Between, from = 0): void {
  const pass: Pass = { cits, between, byVolRep: new Map(), fulls: [], fullWords: [], wordLists: new Map(), byWord: undefined, byWordUpTo: 0 };
  for (let i = 0; i < cits.length; i++) {
    const c = cits[i]!;
    // A resolution looks only backwards: below `from` the caller kept the ones it had.
    if (i >= from || !c.resolution) {
      try {
        c.resolution = resolveOne(pass, i);
      } catch {
        c.resolution = { status: 'no-antecedent', detail: 'resolution failed' };
      }
    }
    if (c.kind === 'full-case') {
      pass.fulls.push(i);
      if (c.cite) indexCite(pass, c.cite, i);
      for (const r of c.parallel) if (r) indexCite(pass, r, i);
    }
  }
}

function indexCite(pass: Pass, r: ReporterCite, i: number): void {
  let byRep = pass.byVolRep.get(r.volume.value);
  if (!byRep) pass.byVolRep.set(r.volume.value, (byRep = new Map()));
  const l = byRep.get(r.reporter.canonical);
  if (l) l.push(i);
  else byRep.set(r.reporter.canonical, [i]);
}

function resolveOne(pass: Pass, i: number): Resolution {
  const cits = pass.cits;
  const c = cits[i]!;
  switch (c.kind) {
    case 'full-case':
    case 'statute':
    case 'rule':
    case 'constitution':
      return { status: 'resolved', antecedent: i };
    case 'internal':
      return { status: 'internal' };
    case 'short-case':
      return resolveShort(pass, c);
    case 'supra': {
      const cand = byNameWord(pass, c, shortWords(c));
      if (cand.length === 0) return { status: 'no-antecedent' };
      if (!sameAuthority(cits, cand)) return { status: 'ambiguous', detail: 'several earlier citations match the name' };
      return { status: 'resolved', antecedent: cand[cand.length - 1]! };
    }
    case 'id':
      return resolveId(pass, i);
  }
}

/** Do all the (non-empty) candidates name one authority? */
function sameAuthority(cits: Citation[], cand: number[]): boolean {
  if (cand.length < 2) return true;
  const k = authorityKey(cits[cand[0]!]!);
  for (let n = 1; n < cand.length; n++) if (authorityKey(cits[cand[n]!]!) !== k) return false;
  return true;
}

/** Recent full citations whose name contains the short form's first name word (bounded), ascending. */
function byNameWord(pass: Pass, c: Citation, sw: ReadonlySet<string>): number[] {
  let first: string | undefined;
  for (const w of sw) {
    if (w !== 'of' && w !== 'the' && w !== '&') {
      first = w;
      break;
    }
  }
  if (first === undefined) return [];
  const list = fullsWithWord(pass, first);
  const out: number[] = [];
  for (let k = Math.max(0, list.length - RECENT); k < list.length; k++) if (nameMatches(pass, list[k]!, c, sw)) out.push(list[k]!);
  return out;
}

/** The cite of full citation f in this volume and reporter (else its primary cite). */
function citeIn(f: Citation, vol: number, rep: string): ReporterCite | undefined {
  if (f.cite && f.cite.volume.value === vol && f.cite.reporter.canonical === rep) return f.cite;
  for (const x of f.parallel) if (x && x.volume.value === vol && x.reporter.canonical === rep) return x;
  return f.cite;
}

/**
 * Of the candidates list[from..], the authority whose first page is the greatest one not above
 * the short form's pin (the later on a tie); else the latest. (One candidate needs no pin.)
 */
function pick(cits: Citation[], list: number[], from: number, vol: number, rep: string, c: Citation): number {
  const pin = list.length - from > 1 ? pinValue(c) : undefined;
  if (pin !== undefined) {
    let best: number | undefined;
    let bestPage = -1;
    for (let k = from; k < list.length; k++) {
      const j = list[k]!;
      const pg = citeIn(cits[j]!, vol, rep)?.page?.value ?? -1;
      if (pg <= pin && pg >= bestPage) {
        best = j;
        bestPage = pg;
      }
    }
    if (best !== undefined) return best;
  }
  return list[list.length - 1]!;
}

function resolveShort(pass: Pass, c: Citation): Resolution {
  const cits = pass.cits;
  const cite = c.cite;
  if (!cite) return { status: 'no-antecedent' };
  const vol = cite.volume.value;
  const rep = cite.reporter.canonical;
  // Bounded: only the most recent 16 full citations in this volume and reporter are considered,
  // so adversarial documents with thousands of identical cites stay linear.
  const list = pass.byVolRep.get(vol)?.get(rep);
  if (list && list.length > 0) {
    const from = Math.max(0, list.length - RECENT);
    if (c.name) {
      const sw = shortWords(c);
      let named: number[] | undefined;
      for (let k = from; k < list.length; k++) if (nameMatches(pass, list[k]!, c, sw)) (named ??= []).push(list[k]!);
      if (named) return { status: 'resolved', antecedent: pick(cits, named, 0, vol, rep, c) };
      return { status: 'resolved', antecedent: pick(cits, list, from, vol, rep, c), detail: 'the name word does not match the earlier full citation' };
    }
    return { status: 'resolved', antecedent: pick(cits, list, from, vol, rep, c) };
  }
  if (c.name) {
    const byName = byNameWord(pass, c, shortWords(c)).filter((j) => cits[j]!.cite?.reporter.canonical === rep);
    if (byName.length > 0) {
      if (!sameAuthority(cits, byName)) return { status: 'ambiguous', detail: 'several earlier full citations match the name and reporter' };
      const j = byName[byName.length - 1]!;
      return { status: 'resolved', antecedent: j, detail: `volume ${vol} differs from the full citation (${cits[j]!.cite?.volume.value} ${rep})` };
    }
  }
  return { status: 'no-antecedent' };
}

/**
 * What the text between two citations says about joining them: 0 anything but spaces, `;` and `,`
 * (what /^[\s;,]*$/ accepts); 1 only those, without a `;`; 2 only those, with a `;`. The only
 * thing resolution reads of the text (an incremental update relies on it: engine/incremental.ts).
 */
export function joinKind(between: string): 0 | 1 | 2 {
  let semicolon = false;
  for (let k = 0; k < between.length; k++) {
    const ch = between.charCodeAt(k);
    if (ch === 59) semicolon = true;
    else if (ch !== 44 && !isWs(ch)) return 0;
  }
  return semicolon ? 2 : 1;
}

/**
 * Does the text between two citations join them into one citation sentence: only spaces, `;` and
 * `,`, with a `;` among them, or else `with` signals the next (`Compare A, with B`)?
 */
function joins(between: string, next: Citation): boolean {
  const k = joinKind(between);
  return k === 2 || (k === 1 && next.signal?.text === 'with');
}

/** JavaScript's `\s`: whitespace and line terminators. */
function isWs(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13) || (ch >= 0x2000 ? ch <= 0x200a || ch === 0x2028 || ch === 0x2029 || ch === 0x202f || ch === 0x205f || ch === 0x3000 || ch === 0xfeff : ch === 0xa0 || ch === 0x1680);
}

function resolveId(pass: Pass, i: number): Resolution {
  const cits = pass.cits;
  const c = cits[i]!;
  let prev: number | undefined;
  for (let j = i - 1; j >= 0; j--) {
    const p = cits[j]!;
    if (p.parent === undefined || (c.parent !== undefined && p.parent === c.parent)) {
      prev = j;
      break;
    }
  }
  if (prev === undefined) return { status: 'no-antecedent', detail: 'no earlier citation' };
  const p = cits[prev]!;
  if (p.kind === 'internal') return { status: 'internal', previous: prev };
  const target = authorityOf(cits, prev);
  if (target === undefined) {
    // The preceding citation did not resolve: its status (or no antecedent) is the answer,
    // whatever sentence it sits in.
    const st = p.resolution?.status;
    if (st === 'ambiguous' || st === 'internal' || st === 'no-antecedent') {
      const r: Resolution = { status: st, previous: prev };
      if (st === 'no-antecedent') r.detail = 'the preceding citation has no antecedent';
      return r;
    }
    return { status: 'no-antecedent', previous: prev };
  }
  // The preceding citation sentence: the citation joined to `prev` by `;` (a string cite), or
  // `Compare A, with B`. When it names another authority, id. is ambiguous.
  for (let j = prev - 1; j >= 0; j--) {
    const q = cits[j]!;
    if (q.parent !== undefined) continue;
    const next = j + 1 + countNested(cits, j);
    if (joins(pass.between(j, next), cits[next]!) && authorityOf(cits, j) !== target) {
      return { status: 'ambiguous', previous: prev, detail: 'the preceding citation sentence cites several authorities' };
    }
    break;
  }
  const r: Resolution = { status: 'resolved', antecedent: target, previous: prev };
  // Record (not guess) an implausible pin: below the first page of the authority id. names.
  const first = cits[target]!.cite?.page?.value;
  const pin = first !== undefined ? pinValue(c) : undefined;
  if (first !== undefined && pin !== undefined && c.pins[0]?.kind !== 'star' && pin < first) {
    r.detail = `pin ${pin} is before the first page (${first}) of the preceding authority`;
    // The pin cannot be in that authority. If one of the few citations just before it is one the
    // pin fits (typically a footnote placed after the text it annotates, or an internal
    // reference), id. refers to that one; the detail records the departure from the rule.
    let seen = 0;
    for (let j = prev - 1; j >= 0 && seen < 4; j--) {
      const q = cits[j]!;
      if (q.parent !== undefined) continue;
      seen++;
      if (q.kind === 'internal' || q.resolution?.status === 'internal') {
        return { status: 'internal', previous: prev, detail: `${r.detail}; refers to the internal reference just before it` };
      }
      const a = authorityOf(cits, j);
      const pg = a !== undefined ? cits[a]!.cite?.page?.value : undefined;
      if (a !== undefined && pg !== undefined && pg <= pin && pin - pg < 300) {
        return { status: 'resolved', antecedent: a, previous: prev, detail: `${r.detail}; refers to the authority cited just before it, which the pin fits` };
      }
    }
  }
  return r;
}

function countNested(cits: Citation[], j: number): number {
  let n = 0;
  for (let k = j + 1; k < cits.length && cits[k]!.parent !== undefined; k++) n++;
  return n;
}

/** The index of the full citation (or statute) a citation refers to. */
function authorityOf(cits: Citation[], j: number): number | undefined {
  const r = cits[j]!.resolution;
  if (!r || r.status !== 'resolved') return undefined;
  return r.antecedent;
}

/** Human-readable full form of the authority at index j: `Name, VOL REP PAGE (COURT YEAR)`. */
export function formatAuthority(c: Citation): string {
  if (c.kind === 'statute') {
    const secs = c.sections ?? [];
    const sym = secs.length > 1 || /[-\u2013]/.test(secs[0]?.text ?? '') ? '§§' : '§';
    return `${c.title ? c.title.text + ' ' : ''}${c.code?.text ?? ''} ${sym} ${secs.map((x) => x.text).join(', ')}`.trim();
  }
  if (c.kind === 'rule' || c.kind === 'constitution') return `${c.code?.text ?? ''} ${(c.sections ?? []).map((x) => x.text).join(', ')}`.trim();
  const cite = c.cite;
  const base = cite ? `${cite.volume.text} ${cite.reporter.text === cite.reporter.canonical ? cite.reporter.text : cite.reporter.canonical} ${cite.page?.text ?? '___'}` : '';
  const paren = [c.court?.text, c.year?.text].filter(Boolean).join(' ');
  return `${c.name ? c.name.text + ', ' : ''}${base}${paren ? ` (${paren})` : ''}`;
}
