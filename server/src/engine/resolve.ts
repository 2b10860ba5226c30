// Resolution of short forms (Indigo R15) and id. (R6.2.2 / R15.3).
//
// Choice on parentheticals: *id.* refers to "the same exact source cited in the immediately
// preceding citation" (R6.2.2). We read "citation" as the citation the reader just finished —
// the main citation, including its parentheticals — so authorities cited only inside a
// `(quoting …)` / `(citing …)` parenthetical of that citation are NOT the antecedent of a
// following *id.* (the common Bluebook/Indigo reading: the parenthetical authority is part of
// the preceding citation, not a citation of its own). A nested *id.* (inside a parenthetical)
// may refer to a citation nested in the same parenthetical.
import type { Citation, Resolution } from './types';

export type Between = (j: number, next: number) => string;

const wordCache = new Map<string, Set<string>>();
function words(t: string | undefined): Set<string> {
  if (t === undefined) return new Set();
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


function nameMatches(full: Citation, short: Citation): boolean {
  if (!full.name || !short.name) return false;
  const fw = words(full.name.text);
  const sw = words(short.name.parties[0]?.text ?? short.name.text);
  if (sw.size === 0) return false;
  for (const w of sw) if (!fw.has(w) && w !== 'of' && w !== 'the' && w !== '&' && w !== 'v.') return false;
  return true;
}

function pinValue(c: Citation): number | undefined {
  const p = c.pins[0];
  return p?.first;
}

/** Full citations seen so far, indexed by `volume|reporter` (primary and parallel cites). */
type FullIndex = Map<string, number[]>;

/**
 * Resolves every citation in place. `between(j, next)` is the normalized text between the end of
 * citation j and the start of citation next (a string citation is joined by `;`).
 */
export function resolveAll(cits: Citation[], between: Between): void {
  const byVolRep: FullIndex = new Map();
  const byWord: FullIndex = new Map();
  for (let i = 0; i < cits.length; i++) {
    const c = cits[i]!;
    try {
      c.resolution = resolveOne(cits, i, byVolRep, byWord, between);
    } catch {
      c.resolution = { status: 'no-antecedent', detail: 'resolution failed' };
    }
    if (c.kind === 'full-case') {
      for (const w of words(c.name?.text)) {
        const l = byWord.get(w);
        if (l) l.push(i);
        else byWord.set(w, [i]);
      }
      for (const r of [c.cite, ...c.parallel]) {
        if (!r) continue;
        const k = `${r.volume.value}|${r.reporter.canonical}`;
        const l = byVolRep.get(k);
        if (l) l.push(i);
        else byVolRep.set(k, [i]);
      }
    }
  }
}

function resolveOne(cits: Citation[], i: number, byVolRep: FullIndex, byWord: FullIndex, between: Between): Resolution {
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
      return resolveShort(cits, c, byVolRep, byWord);
    case 'supra': {
      const cand = byNameWord(cits, c, byWord);
      const keys = new Set(cand.map((j) => authorityKey(cits[j]!)));
      if (cand.length && keys.size === 1) return { status: 'resolved', antecedent: cand[cand.length - 1]! };
      if (keys.size > 1) return { status: 'ambiguous', detail: 'several earlier citations match the name' };
      return { status: 'no-antecedent' };
    }
    case 'id':
      return resolveId(cits, i, between);
  }
}

/** The last `n` entries of a list (the whole list when short, without copying). */
function recent(list: number[] | undefined, n: number): number[] {
  if (!list) return [];
  return list.length <= n ? list : list.slice(-n);
}

/** Recent full citations whose name contains the short form's first name word (bounded). */
function byNameWord(cits: Citation[], c: Citation, byWord: FullIndex): number[] {
  const sw = words(c.name?.parties[0]?.text ?? c.name?.text);
  const first = [...sw].find((w) => w !== 'of' && w !== 'the' && w !== '&');
  if (!first) return [];
  return recent(byWord.get(first), 16).filter((j) => nameMatches(cits[j]!, c));
}

function resolveShort(cits: Citation[], c: Citation, byVolRep: FullIndex, byWord: FullIndex): Resolution {
  const cite = c.cite;
  if (!cite) return { status: 'no-antecedent' };
  const vol = cite.volume.value;
  const rep = cite.reporter.canonical;
  // Bounded: only the most recent 16 full citations in this volume and reporter are considered,
  // so adversarial documents with thousands of identical cites stay linear.
  const byVol = recent(byVolRep.get(`${vol}|${rep}`), 16);
  const pin = pinValue(c);
  const pick = (cands: number[]): number => {
    // the authority whose first page is the greatest one not above the pin; else the latest
    if (pin !== undefined) {
      let best: number | undefined;
      let bestPage = -1;
      for (const j of cands) {
        const f = cits[j]!;
        const r = [f.cite, ...f.parallel].find((x) => x && x.volume.value === vol && x.reporter.canonical === rep) ?? f.cite;
        const pg = r?.page?.value ?? -1;
        if (pg <= pin && pg >= bestPage) {
          best = j;
          bestPage = pg;
        }
      }
      if (best !== undefined) return best;
    }
    return cands[cands.length - 1]!;
  };
  if (byVol.length) {
    if (c.name) {
      const named = byVol.filter((j) => nameMatches(cits[j]!, c));
      if (named.length) return { status: 'resolved', antecedent: pick(named) };
      return { status: 'resolved', antecedent: pick(byVol), detail: 'the name word does not match the earlier full citation' };
    }
    return { status: 'resolved', antecedent: pick(byVol) };
  }
  if (c.name) {
    const byName = byNameWord(cits, c, byWord).filter((j) => cits[j]!.cite?.reporter.canonical === rep);
    const keys = new Set(byName.map((j) => authorityKey(cits[j]!)));
    if (byName.length && keys.size === 1) {
      const j = byName[byName.length - 1]!;
      return { status: 'resolved', antecedent: j, detail: `volume ${vol} differs from the full citation (${cits[j]!.cite?.volume.value} ${rep})` };
    }
    if (keys.size > 1) return { status: 'ambiguous', detail: 'several earlier full citations match the name and reporter' };
  }
  return { status: 'no-antecedent' };
}

const JOIN_RE = /^[\s;,]*$/;

function resolveId(cits: Citation[], i: number, betweenText: Between): Resolution {
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
  // The preceding citation sentence: citations joined to `prev` by `;` (string cite).
  const group = new Set<string>();
  const target = authorityOf(cits, prev);
  if (target !== undefined) group.add(String(target));
  for (let j = prev - 1; j >= 0; j--) {
    const q = cits[j]!;
    if (q.parent !== undefined) continue;
    const next = j + 1 + countNested(cits, j);
    const between = betweenText(j, next);
    // `A; B` (a string citation) and `Compare A, with B` are one citation sentence.
    if (!JOIN_RE.test(between) || !(between.includes(';') || cits[next]!.signal?.text === 'with')) break;
    const a = authorityOf(cits, j);
    group.add(String(a));
    break;
  }
  if (p.resolution?.status === 'ambiguous' || p.resolution?.status === 'internal' || p.resolution?.status === 'no-antecedent') {
    const r: Resolution = { status: p.resolution.status, previous: prev };
    if (p.resolution.status === 'no-antecedent') r.detail = 'the preceding citation has no antecedent';
    return r;
  }
  if (group.size > 1) return { status: 'ambiguous', previous: prev, detail: 'the preceding citation sentence cites several authorities' };
  if (target === undefined) return { status: 'no-antecedent', previous: prev };
  const r: Resolution = { status: 'resolved', antecedent: target, previous: prev };
  // Record (not guess) an implausible pin: below the first page of the authority id. names.
  const first = cits[target]!.cite?.page?.value;
  const pin = pinValue(c);
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
