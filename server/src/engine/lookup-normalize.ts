// Name and cite normalization for the authority table's indexes (table.ts). Pure functions.
import { ABBREVIATION_KEYS } from './lookup-abbreviations';

/** Strip a token to lowercase letters/digits (`Dep't` → `dept`, `Cnty.` → `cnty`). */
function bare(token: string): string {
  return token.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const STOP_PARTY_WORDS = new Set([
  'v', 'vs', 'the', 'of', 'and', 'in', 're', 'ex', 'rel', 'al', 'et', 'a', 'an', 'for', 'on', 'by',
  'united', 'states', 'us', 'city', 'cnty', 'county', 'state', 'dept', 'inc', 'co', 'corp', 'llc',
  'people', 'commonwealth', 'estate', 'jr', 'sr', 'officer', 'police', 'ill', 'wis', 'ind',
]);

/** Straighten quotes/dashes and fold diacritics, so names written either way compare equal. */
function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-');
}

/**
 * Canonical form of a case name for equality lookups: lowercase, punctuation dropped, `&` → `and`,
 * `vs.`/`v.` → `v`, every word or abbreviation in reporters-db's case-name list mapped to one key
 * (`County`, `Cnty.` and `Cty.` all become `cnty`).
 */
const nameCache = new Map<string, string>();

export function normalizeName(name: string): string {
  const hit = nameCache.get(name);
  if (hit !== undefined) return hit;
  const out = normalizeNameUncached(name);
  if (nameCache.size > 20000) nameCache.clear();
  nameCache.set(name, out);
  return out;
}

function normalizeNameUncached(name: string): string {
  const tokens = fold(name)
    .replace(/&/g, ' and ')
    .split(/[\s,;:()[\]"]+|(?<=[a-z0-9])-(?=[a-z0-9])/i)
    .filter((t) => t.length > 0);
  const out: string[] = [];
  for (const t of tokens) {
    const b = bare(t);
    if (b === '') continue;
    if (b === 'vs') {
      out.push('v');
      continue;
    }
    out.push(ABBREVIATION_KEYS[b] ?? b);
  }
  return out.join(' ');
}

/** Normalized significant words of a name (party words, no `v`, no `of`, no `United States`). */
export function nameWords(name: string): string[] {
  return normalizeName(name)
    .split(' ')
    .filter((w) => w.length > 1 && !STOP_PARTY_WORDS.has(w));
}

/** A single name word (`Graham`, `Cnty.`) normalized like the words of normalizeName. */
export function normalizeWord(word: string): string {
  const b = bare(fold(word));
  return ABBREVIATION_KEYS[b] ?? b;
}

/** Reporter key: lowercase, spaces dropped (`S. Ct.` and `S.Ct.` → `s.ct.`; `F. 3d` → `f.3d`). */
export function reporterKey(reporter: string): string {
  return reporter.toLowerCase().replace(/\s+/g, '');
}

/** Code key: `U.S.C.` / `USC` → `usc`; `U.S. Const.` → `usconst`; `Fed. R. Civ. P.` → `fedrcivp`. */
export function codeKey(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Section key: `§ 1983` → `1983`; `amend. IV` → `amendiv`; `56(a)` → `56(a)`. */
export function sectionKey(section: string): string {
  return fold(section)
    .toLowerCase()
    .replace(/§/g, '')
    .replace(/\bamendment\b/g, 'amend')
    .replace(/[\s.]/g, '');
}

/** The section without subsections: `56(a)(1)` → `56`, `1983` → `1983`. */
export function baseSectionKey(section: string): string {
  return sectionKey(section).replace(/\(.*$/, '');
}

/** CourtListener's citation-lookup link for a reporter cite (`S. Ct.` → `S.%20Ct.`). */
export function courtListenerLink(volume: number, reporter: string, page: number): string {
  return `https://www.courtlistener.com/c/${encodeURIComponent(reporter)}/${volume}/${page}/`;
}

/**
 * Split a statute/rule/constitution citation into title, code and section:
 * `42 U.S.C. § 1983` → {42, U.S.C., 1983}; `U.S. Const. amend. IV` → {U.S. Const., amend. IV};
 * `Fed. R. Civ. P. 56(a)` → {Fed. R. Civ. P., 56(a)}. Undefined when the form is not recognized.
 */
export function parseStatuteCitation(citation: string): { title?: number; code: string; section: string } | undefined {
  const s = citation.replace(/\s+/g, ' ').trim();
  let m = /^(\d+) (.+?) §§? ?(.+)$/.exec(s);
  if (m) return { title: Number(m[1]), code: m[2]!.trim(), section: m[3]!.trim() };
  m = /^(.*?Const\.) (.+)$/.exec(s);
  if (m) return { code: m[1]!, section: m[2]! };
  m = /^((?:Fed\. R\.|Fed\.R\.)[A-Za-z. ]*?) (\d.*)$/.exec(s);
  if (m) return { code: m[1]!.trim(), section: m[2]!.trim() };
  m = /^(.+?) §§? ?(.+)$/.exec(s);
  if (m) return { code: m[1]!.trim(), section: m[2]!.trim() };
  return undefined;
}
