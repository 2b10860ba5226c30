// The citation scanner. One forward pass over the normalized text, anchored on cheap triggers
// (a number followed by a letter, `Id.`, `supra`, `Const.`, `Fed. R.`, `op. at`), each followed by
// bounded local parsing (backward walks ≤ 300 chars, forward parenthetical scans ≤ 1500 chars).
// All positions here are normalized offsets; they are mapped to the original text at the end.
import type {
  Citation,
  CitationKind,
  DocKind,
  Defect,
  DefectCode,
  ExtractResult,
  Parenthetical,
  ParentheticalKind,
  Part,
  Pin,
  ReporterCite,
  Span,
} from './types';
import { normalize, type Normalized } from './normalize';
import { isCaseNameAbbreviation, isDatabaseReporter, matchReporter, untitledCodeBefore } from './reporters';
import { resolveAll } from './resolve';

const MAX_BACK = 300;
const MAX_PAREN = 1500;

/** A part in normalized coordinates. */
interface NPart {
  a: number;
  b: number;
}

interface NDefect extends NPart {
  code: DefectCode;
  replacement?: string;
  detail?: string;
}

interface NPin extends NPart {
  kind: Pin['kind'];
  first?: number;
  last?: number;
  footnotes?: number[];
}

interface NReporterCite {
  volume: NPart & { value: number };
  reporter: NPart & { canonical: string };
  page?: NPart & { value: number };
}

interface NParen extends NPart {
  kind: ParentheticalKind;
}

export interface NCite {
  kind: CitationKind;
  a: number;
  /** End of the citation including its parentheticals. */
  b: number;
  /** End of the core (before parentheticals): scanning resumes here so nested cites are seen. */
  core: number;
  signal?: NPart;
  name?: NPart & { parties: NPart[] };
  cite?: NReporterCite;
  parallel: NReporterCite[];
  pins: NPin[];
  court?: NPart;
  year?: NPart & { value: number };
  date?: NPart & { iso: string };
  docket?: NPart;
  parens: NParen[];
  code?: NPart;
  title?: NPart;
  sections?: NPart[];
  label?: NPart;
  sentenceStart?: boolean;
  defects: NDefect[];
}

const TRIGGER = /\d{1,5}(?= ?[A-Za-z])|\b[Ii]d\.|\bsupra\b|\bConst\.|\bFed\. ?R\.|\bop\. at\b|\u00a7/g;

// ---- small character helpers ------------------------------------------------------------
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function isUpper(c: string | undefined): boolean {
  return c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
}
function isLowerC(c: string | undefined): boolean {
  return c !== undefined && c !== c.toUpperCase() && c === c.toLowerCase();
}
function isWordC(c: string | undefined): boolean {
  return c !== undefined && (isDigit(c) || c.toLowerCase() !== c.toUpperCase());
}
const DASH = /[-\u2010\u2011\u2012\u2013\u2014]/;

/** Skip at most one space. */
function sp(s: string, i: number): number {
  return s[i] === ' ' ? i + 1 : i;
}

/** Match a regex (sticky) at position i; returns the match or null. */
function at(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

// ---- pins ------------------------------------------------------------------------------
const PIN_RE = /(\*?)(\d{1,6})(?:( ?)([-\u2010\u2011\u2012\u2013\u2014])( ?)(\*?)(\d{1,6}))?(?: (nn?)\. ?(\d{1,4})(?: ?[-\u2013] ?(\d{1,4}))?)?(?![\w*])/y;
const FOOT_ONLY_RE = /(nn?)\. ?(\d{1,4})(?: ?[-\u2013] ?(\d{1,4}))?(?![\w])/y;
const PAGE_PREFIX_RE = /(pp?\. ?)(?=\*?\d)/y;

function expandLast(first: string, last: string): number {
  if (last.length >= first.length) return Number(last);
  return Number(first.slice(0, first.length - last.length) + last);
}

/** Parse one pin at i. Returns undefined when nothing pin-like is there. */
function parsePin(s: string, i: number, defects: NDefect[]): NPin | undefined {
  const start = i;
  const pre = at(PAGE_PREFIX_RE, s, i);
  if (pre) {
    defects.push({ a: i, b: i + pre[0].length, code: 'pin-page-prefix', replacement: '', detail: `drop "${pre[1]!.trim()}" before a pin` });
    i += pre[0].length;
  }
  if (s.startsWith('passim', i) && !isWordC(s[i + 6])) return { a: start, b: i + 6, kind: 'passim' };
  const f = at(FOOT_ONLY_RE, s, i);
  if (f) {
    const fns = [Number(f[2])];
    if (f[3]) fns.push(Number(f[3]));
    return { a: start, b: i + f[0].length, kind: 'footnote', footnotes: fns };
  }
  const m = at(PIN_RE, s, i);
  if (!m) return undefined;
  const star = m[1] === '*';
  const firstStr = m[2]!;
  const first = Number(firstStr);
  const pin: NPin = { a: start, b: i + m[0].length, kind: star ? 'star' : 'page', first };
  if (m[7] !== undefined) {
    const lastStr = m[7];
    const last = expandLast(firstStr, lastStr);
    pin.last = last;
    if (!star) pin.kind = 'span';
    const spanA = i + m[1]!.length;
    const spanB = spanA + firstStr.length + m[3]!.length + 1 + m[5]!.length + m[6]!.length + lastStr.length;
    const canonicalLast = canonicalSpanEnd(firstStr, last);
    const dash = m[4]!;
    if (m[3] || m[5]) {
      defects.push({ a: spanA, b: spanB, code: 'pin-span-spaced', replacement: canonicalLast ? `${firstStr}${dash}${m[6]}${canonicalLast}` : undefined, detail: 'no spaces around the dash in a page span' });
    }
    if (last < first) {
      defects.push({ a: spanA, b: spanB, code: 'pin-span-reversed', detail: `span ends (${last}) before it starts (${first})` });
    } else if (canonicalLast !== undefined && lastStr !== canonicalLast && !star) {
      const code: DefectCode = lastStr.length > canonicalLast.length ? 'pin-span-repetitious' : 'pin-span-too-short';
      defects.push({
        a: spanA,
        b: spanB,
        code,
        replacement: `${firstStr}${dash}${canonicalLast}`,
        detail: code === 'pin-span-repetitious' ? 'drop repetitious digits but keep the last two (Indigo R5.1.2)' : 'keep at least the last two digits (Indigo R5.1.2)',
      });
    }
  }
  if (m[8] !== undefined) {
    const fns = [Number(m[9])];
    if (m[10] !== undefined) fns.push(Number(m[10]));
    pin.kind = 'footnote';
    pin.footnotes = fns;
  }
  return pin;
}

/** Indigo R5.1.2: drop repetitious digits, keep the last two. */
function canonicalSpanEnd(firstStr: string, last: number): string | undefined {
  const lastStr = String(last);
  if (lastStr.length !== firstStr.length) return lastStr.length > firstStr.length ? lastStr : undefined;
  let k = 0;
  while (k < firstStr.length && firstStr[k] === lastStr[k]) k++;
  const keep = Math.min(k, Math.max(0, lastStr.length - 2));
  return lastStr.slice(keep);
}

/** Pins after `at ` or `, `: one or more, comma separated. Stops before a parallel cite. */
function parsePinList(s: string, i: number, defects: NDefect[]): { pins: NPin[]; end: number } {
  const pins: NPin[] = [];
  const p = parsePin(s, i, defects);
  if (!p) return { pins, end: i };
  pins.push(p);
  let end = p.b;
  for (let guard = 0; guard < 30; guard++) {
    let j = sp(s, end);
    if (s[j] !== ',' && s[j] !== '&') break;
    j = sp(s, j + 1);
    if (s.startsWith('at ', j)) j += 3;
    if (looksLikeReporterCite(s, j)) break;
    const q = parsePin(s, j, defects);
    if (!q) break;
    // `, 2011 WL` or a year like `, 2019)` inside a date — stop at a 4-digit number followed by `)`
    pins.push(q);
    end = q.b;
  }
  // `396 passim` (no comma) is also read, so the combination can be flagged.
  if (s.startsWith(' passim', end) && !isWordC(s[end + 7]) && pins[pins.length - 1]!.kind !== 'passim') {
    pins.push({ a: end + 1, b: end + 7, kind: 'passim' });
    end += 7;
  }
  const passim = pins.find((p) => p.kind === 'passim');
  if (passim && pins.length > 1) {
    // The range covers the whole pin list: the combination is the defect.
    defects.push({ a: pins[0]!.a, b: pins[pins.length - 1]!.b, code: 'pin-passim-with-page', detail: '"passim" stands alone, without page numbers' });
  }
  return { pins, end };
}

function looksLikeReporterCite(s: string, i: number): boolean {
  const m = at(/\d{1,5} /y, s, i);
  if (!m) return false;
  const r = matchReporter(s, i + m[0].length);
  return !!r;
}

// ---- parentheticals --------------------------------------------------------------------
const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, June: 6, Jun: 6, July: 7, Jul: 7, Aug: 8, Sept: 9, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };
const COURT_YEAR_RE = /^(?:([A-Z0-9][^()]{0,80}?)(,?) )?(?:(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)\.? (\d{1,2}), )?(\d{4})( en banc)?$/;

/** Find the matching `)` for `(` at i, bounded. */
function matchParen(s: string, i: number): number {
  let depth = 0;
  const lim = Math.min(s.length, i + MAX_PAREN);
  for (let j = i; j < lim; j++) {
    const c = s[j];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function classifyParen(inner: string): ParentheticalKind {
  const t = inner.trim();
  if (/^en banc\b/.test(t)) return t === 'en banc' ? 'en-banc' : 'opinion-author';
  if (/^per curiam$/.test(t)) return 'per-curiam';
  if (/^(?:and )?quoting\b/.test(t)) return 'quoting';
  if (/^(?:and )?citing\b/.test(t)) return 'citing';
  if (/^(?:alteration|alterations|emphasis|cleaned up|internal (?:quotation|citation)|citations? omitted|footnotes? omitted|brackets|ellipsis)/.test(t)) return 'alteration';
  if (/^(?:[A-Z][\w.' -]{0,40}, (?:C\.J\.|J\.|JJ\.|Circuit Judge|Chief Judge)(?:,| )|plurality|dissenting|concurring|majority opinion|dissenting opinion|concurring opinion|opinion of)/.test(t)) return 'opinion-author';
  return 'explanatory';
}

/** Parse the chain of parentheticals starting at i (after optional space). */
function parseParens(s: string, i: number, c: NCite, allowCourtYear: boolean): number {
  let end = i;
  let first = true;
  for (let guard = 0; guard < 12; guard++) {
    const j = sp(s, end);
    if (s[j] !== '(') break;
    const close = matchParen(s, j);
    if (close < 0) break;
    const inner = s.slice(j + 1, close);
    const cy = first && allowCourtYear ? COURT_YEAR_RE.exec(inner) : null;
    if (cy && (cy[1] === undefined || looksLikeCourt(cy[1]))) {
      const base = j + 1;
      if (cy[1] !== undefined) {
        c.court = { a: base, b: base + cy[1].length };
        checkCourt(c, cy[1], base);
      }
      const yearStr = cy[5]!;
      const yEnd = base + inner.length - (cy[6] ? cy[6].length : 0);
      c.year = { a: yEnd - 4, b: yEnd, value: Number(yearStr) };
      if (cy[3] !== undefined) {
        const dateA = base + (cy[1] !== undefined ? cy[1].length + cy[2]!.length + 1 : 0);
        const mm = MONTHS[cy[3]]!;
        const iso = `${yearStr}-${String(mm).padStart(2, '0')}-${cy[4]!.padStart(2, '0')}`;
        c.date = { a: dateA, b: yEnd, iso };
      }
      if (cy[6]) {
        c.defects.push({ a: yEnd, b: yEnd + cy[6].length, code: 'en-banc-inside-court', detail: 'write (en banc) as its own parenthetical after the court and year' });
      }
      c.parens.push({ a: j, b: close + 1, kind: 'court-year' });
    } else {
      c.parens.push({ a: j, b: close + 1, kind: classifyParen(inner) });
    }
    first = false;
    end = close + 1;
  }
  return end;
}

function looksLikeCourt(t: string): boolean {
  if (t.length > 60) return false;
  if (/[;:"]/.test(t)) return false;
  // Every word capitalized, abbreviated, a number/ordinal, or `Cir.`-like.
  return t.split(' ').every((w) => /^(?:[A-Z0-9][\w.'&-]*|&|of|the|ex|rel\.|App\.|Ct\.)$/.test(w));
}

function checkCourt(c: NCite, court: string, base: number): void {
  let m = /\b(\d{1,2}) (Cir\.)/.exec(court);
  if (m) {
    const n = Number(m[1]);
    c.defects.push({ a: base + m.index, b: base + m.index + m[0].length, code: 'court-malformed', replacement: `${ordinal(n)} Cir.`, detail: 'circuit needs an ordinal' });
    return;
  }
  m = /\b(\d{1,2})(st|nd|rd|th|d) Cir(?:\.|cuit)/.exec(court);
  if (m) {
    const n = Number(m[1]);
    const want = `${ordinal(n)} Cir.`;
    if (m[0] !== want) c.defects.push({ a: base + m.index, b: base + m.index + m[0].length, code: 'court-malformed', replacement: want, detail: `write "${want}"` });
  }
}

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  const d = n % 10;
  return `${n}${d === 1 ? 'st' : d === 2 ? 'd' : d === 3 ? 'd' : 'th'}`;
}

// ---- names -----------------------------------------------------------------------------
const SIGNALS = new Set([
  'See', 'see', 'also', 'Cf.', 'cf.', 'But', 'but', 'Compare', 'compare', 'with', 'accord', 'Accord', 'Contra', 'contra',
  'e.g.', 'E.g.', 'citing', 'quoting', 'and', 'or', 'generally', 'Because', 'As', 'Under', 'After', 'Before', 'Unlike',
  'Like', 'in', 'Although', 'When', 'While', 'Following', 'Thus', 'Here', 'There', 'Also', 'In', 'inter', 'alia', 'to', 'from', 'by',
  'under', 'like', 'unlike', 'Contrast', 'contrast', 'is', 'was', 'that', 'than', 'Then', 'then', 'So', 'Similarly', 'Further',
  'Moreover', 'Indeed', 'Accordingly', 'discussing', 'applying', 'explaining', 'noting', 'holding', 'Nor', 'nor', 'Neither', 'Yet',
  'yet', 'For', 'Our', 'This', 'That', 'These', 'Those', 'We', 'It', 'On', 'At', 'To', 'From', 'By', 'With', 'Since',
  // Words that open a sentence and never a party's name (`And Graham, 490 U.S. at 397`).
  'And', 'Or', 'However', 'Again', 'Instead', 'Likewise', 'Furthermore', 'Finally', 'Notably',
]);
const NAME_CONNECTORS = new Set(['of', 'the', '&', 'de', 'del', 'della', 'der', 'la', 'le', 'van', 'von', 'da', 'du', 'ex', 'rel.', 'for', 'on', 'at', 'd/b/a', 'a/k/a', 'y', 'et', 'al.', 're']);
/** An abbreviation inside a name: a known one, an initial (`W.`), initials (`U.S.`, `N.A.`), an elision (`Comm'rs.`). */
function abbrevOk(t: string): boolean {
  return isCaseNameAbbreviation(t) || /^(?:[A-Z]\.)+$/.test(t) || /^[A-Z][A-Za-z]*\.[A-Za-z.]+$/.test(t) || /'/.test(t);
}
const CORP_SUFFIX = /^(?:Inc\.|LLC|L\.L\.C\.|N\.A\.|Ltd\.|Co\.|Corp\.|L\.P\.|LLP|P\.C\.|Troop)/;

/** Is this token (ending in `.`) the end of a sentence rather than an abbreviation? */
function endsSentence(t: string): boolean {
  if (/[.?!]["')\]]*$/.test(t) && /["')\]]$/.test(t)) return true;
  if (/[?!]$/.test(t)) return true;
  if (!t.endsWith('.')) return false;
  if (t === 'rel.' || t === 'al.' || t === 'v.' || t === 'e.g.') return false;
  if (/\d/.test(t)) return true;
  if (isLowerC(t[0])) return true;
  return !abbrevOk(t);
}

function nameTokenOk(t: string): boolean {
  if (NAME_CONNECTORS.has(t)) return true;
  if (/^[a-z]+-[A-Z]/.test(t)) return true; // al-Kidd
  if (isUpper(t[0]) || isDigit(t[0]) || t[0] === '&') return true;
  return false;
}

/**
 * Walk back from `end` (exclusive, the position of the comma ending the name) over name tokens.
 * Tokens are read one at a time from the end, since the walk usually stops after a few: reading
 * the whole look-back window first was the scanner's largest allocation.
 */
function walkBackName(s: string, end: number, floor: number, maxTokens: number, allowCommaAfterFirst: boolean): number | undefined {
  const lo = Math.max(floor, end - MAX_BACK);
  let start: number | undefined;
  let count = 0;
  /** The token after the one being looked at ('' for none), as written. */
  let after = '';
  let i = end;
  while (count < maxTokens) {
    while (i > lo && s.charCodeAt(i - 1) === 32) i--;
    const b = i;
    while (i > lo && s.charCodeAt(i - 1) !== 32) i--;
    if (i === b) break;
    const tok = s.slice(i, b);
    let t = tok;
    if (t.endsWith(',')) {
      if (!(allowCommaAfterFirst && CORP_SUFFIX.test(after))) break;
      t = t.slice(0, -1);
    }
    if (/[;:"()\]]$/.test(t) || /^["(\[]/.test(t)) break;
    if (after !== '' && endsSentence(t)) break;
    if (SIGNALS.has(t) && !(t === 'In' && after === 're')) break;
    if (!nameTokenOk(t)) break;
    start = i;
    count++;
    after = tok;
  }
  if (start === undefined) return undefined;
  // Trim leading connectors (never the last token).
  let a = start;
  for (;;) {
    let b = a;
    while (b < end && s.charCodeAt(b) !== 32) b++;
    let next = b;
    while (next < end && s.charCodeAt(next) === 32) next++;
    if (next >= end || !NAME_CONNECTORS.has(s.slice(a, b))) return a;
    a = next;
  }
}

const VERSUS_RE = / (v\.|vs\.|v|V\.|versus|Vs\.) /g;

/** Full case name ending at `end` (exclusive, before the comma). */
function findFullName(s: string, end: number, floor: number, c: NCite): (NPart & { parties: NPart[] }) | undefined {
  const lo = Math.max(floor, end - MAX_BACK);
  const seg = s.slice(lo, end);
  let vm: RegExpExecArray | null = null;
  VERSUS_RE.lastIndex = 0;
  for (let m = VERSUS_RE.exec(seg); m; m = VERSUS_RE.exec(seg)) vm = m;
  if (vm) {
    const vA = lo + vm.index + 1;
    const vB = vA + vm[1]!.length;
    const defA = vB + 1;
    const defText = s.slice(defA, end);
    if (defText.length > 0 && !/[;"()]/.test(defText) && !/\. [a-z]/.test(defText) && isNameStart(defText)) {
      const pStart = walkBackName(s, vA - 1, floor, 14, true);
      if (pStart !== undefined) {
        if (vm[1] !== 'v.') c.defects.push({ a: vA, b: vB, code: 'versus-form', replacement: 'v.', detail: `write "v." (found "${vm[1]}")` });
        return { a: pStart, b: end, parties: [{ a: pStart, b: vA - 1 }, { a: defA, b: end }] };
      }
    }
  }
  // In re / Ex parte
  const ir = /(?:^|[ (])((?:In re|Ex parte|In the Matter of) )/g;
  let im: RegExpExecArray | null = null;
  for (let m = ir.exec(seg); m; m = ir.exec(seg)) im = m;
  if (im) {
    const a = lo + im.index + im[0].length - im[1]!.length;
    const text = s.slice(a, end);
    if (!/[;"()]/.test(text)) return { a, b: end, parties: [{ a: a + im[1]!.length, b: end }] };
  }
  return undefined;
}

function isNameStart(t: string): boolean {
  return /^(?:[A-Z0-9&]|[a-z]+-[A-Z])/.test(t);
}

/** Short-form name word(s) ending at `end` (the comma). */
function findShortName(s: string, end: number, floor: number): (NPart & { parties: NPart[] }) | undefined {
  // A short form may repeat the full name (`Stinson v. Gauger, 868 F.3d at 532`).
  const lo = Math.max(floor, end - 120);
  const seg = s.slice(lo, end);
  const vm = / v\. /.exec(seg);
  if (vm) {
    const dummy: NCite = { kind: 'short-case', a: 0, b: 0, core: 0, parallel: [], pins: [], parens: [], defects: [] };
    const full = findFullName(s, end, floor, dummy);
    if (full) return full;
  }
  const a = walkBackName(s, end, floor, 4, false);
  if (a === undefined) return undefined;
  return { a, b: end, parties: [{ a, b: end }] };
}

// ---- signals ---------------------------------------------------------------------------
const SIGNAL_RE = /(?:^|[ ;.,(])((?:But see|But cf\.|See also|see also|See generally|see generally|See,? e\.g\.,?|see,? e\.g\.,?|But see,? e\.g\.,?|See|see|Cf\.|cf\.|But|Compare|compare|Accord|accord|Contra|contra|E\.g\.,|e\.g\.,|with|and))$/;

function findSignal(s: string, nameStart: number, c: NCite): void {
  const lo = Math.max(0, nameStart - 30);
  const seg = s.slice(lo, nameStart).replace(/ $/, '');
  const m = SIGNAL_RE.exec(seg);
  if (!m) return;
  const w = m[1]!;
  if (w === 'and' || w === 'with' || w === 'But') {
    if (w !== 'with') return;
  }
  const a = lo + m.index + m[0].length - w.length;
  c.signal = { a, b: a + w.length };
  const eg = /^(See|see|But see)(,?) e\.g\.(,?)$/.exec(w);
  if (eg && (!eg[2] || !eg[3])) {
    c.defects.push({ a, b: a + w.length, code: 'signal-form', replacement: `${eg[1]}, e.g.,`, detail: 'write "See, e.g.," with both commas' });
  }
}

// ---- main scanner ----------------------------------------------------------------------
function newCite(kind: CitationKind, a: number): NCite {
  return { kind, a, b: a, core: a, parallel: [], pins: [], parens: [], defects: [] };
}

/** Try a reporter cite (volume reporter page | volume reporter at pins) at p. */
function parseReporterCite(s: string, p: number): { rc: NReporterCite; short: boolean; end: number; commaPin?: boolean } | undefined {
  const vm = at(/(\d{1,5})( ?)/y, s, p);
  if (!vm) return undefined;
  const rA = p + vm[0].length;
  const r = matchReporter(s, rA);
  if (!r) return undefined;
  const rc: NReporterCite = {
    volume: { a: p, b: p + vm[1]!.length, value: Number(vm[1]) },
    reporter: { a: rA, b: r.end, canonical: r.canonical },
  };
  let i = r.end;
  // `490 U.S. at 396`, and the Supreme Court's own `490 U.S., at 396`
  const atPos = s[i] === ' ' ? i + 1 : s[i] === ',' && s[i + 1] === ' ' ? i + 2 : -1;
  if (atPos > 0 && s.startsWith('at ', atPos) && (isDigit(s[atPos + 3]) || s[atPos + 3] === '*' || s.startsWith('p', atPos + 3) || s.startsWith('n', atPos + 3))) {
    return { rc, short: true, end: atPos };
  }
  // `233 N.E.2d, 219`: a short form with a comma where "at" belongs (a reporter cite has no page
  // there, and the number is a pin, not the next cite of a list).
  if (s[i] === ',' && s[i + 1] === ' ' && isDigit(s[i + 2]) && !looksLikeReporterCite(s, i + 2)) {
    return { rc, short: true, end: i, commaPin: true };
  }
  const pm = at(/ (\d{1,7}|_{2,}|-{2,})(?![\w])/y, s, i);
  if (pm) {
    const pa = i + 1;
    if (isDigit(pm[1]![0])) rc.page = { a: pa, b: pa + pm[1]!.length, value: Number(pm[1]) };
    return { rc, short: false, end: i + pm[0].length };
  }
  return undefined;
}

function reporterDefect(s: string, rc: NReporterCite, c: NCite): void {
  const written = s.slice(rc.reporter.a, rc.reporter.b);
  if (written !== rc.reporter.canonical) {
    c.defects.push({ a: rc.reporter.a, b: rc.reporter.b, code: 'reporter-variant', replacement: rc.reporter.canonical, detail: `write "${rc.reporter.canonical}"` });
  }
}

function scanCase(s: string, p: number, floor: number): NCite | undefined {
  const first = parseReporterCite(s, p);
  if (!first) return undefined;
  const c = newCite(first.short ? 'short-case' : 'full-case', p);
  c.cite = first.rc;
  reporterDefect(s, first.rc, c);
  let i = first.end;

  // name: `Name, VOL` (or `Name, No. 12-345, VOL` for WL/Lexis)
  let nameEnd = -1;
  let j = p - 1;
  if (s[j] === ' ') j--;
  if (s[j] === ',') {
    nameEnd = j;
    if (s[nameEnd - 1] === ' ') nameEnd--;
    const dk = /(?:^|[ ,])(Nos?\. [\w:.\-\u2013]+(?:, [\w:.\-\u2013]+)*),$/.exec(s.slice(Math.max(floor, j - 80), j + 1));
    if (dk) {
      c.docket = { a: j - dk[1]!.length, b: j };
      let k = c.docket.a - 1;
      if (s[k] === ' ') k--;
      if (s[k] === ',') nameEnd = k;
    }
  }

  // A comma for "at" reads as a short form only after a name (`Fenton, 233 N.E.2d, 219`).
  if (first.commaPin && nameEnd < 0) return undefined;

  if (!first.short) {
    // parallel cites and pins
    for (let guard = 0; guard < 4; guard++) {
      let k = sp(s, i);
      if (s[k] !== ',') break;
      k = sp(s, k + 1);
      const par = looksLikeReporterCite(s, k) ? parseReporterCite(s, k) : undefined;
      if (par && !par.short) {
        c.parallel.push(par.rc);
        reporterDefect(s, par.rc, c);
        i = par.end;
        continue;
      }
      break;
    }
    let k = sp(s, i);
    if (s[k] === ',') {
      let q = sp(s, k + 1);
      if (s.startsWith('at ', q)) q += 3;
      const pl = parsePinList(s, q, c.defects);
      if (pl.pins.length) {
        c.pins = pl.pins;
        i = pl.end;
      }
    } else if (s[i] === ' ' && isDigit(s[i + 1])) {
      // missing comma: `883 F.3d 941 944`
      const q = i + 1;
      if (!looksLikeReporterCite(s, q)) {
        const pm = at(/\d{1,6}(?:[-\u2013]\d{1,6})?(?=[ ,;.)]|$)/y, s, q);
        if (pm) {
          const pl = parsePinList(s, q, c.defects);
          if (pl.pins.length) {
            c.pins = pl.pins;
            c.defects.push({ a: i, b: q, code: 'pin-missing-comma', replacement: ', ', detail: 'a comma separates the first page from the pin' });
            i = pl.end;
          }
        }
      }
    }
    c.core = i;
    const name = nameEnd >= 0 ? findFullName(s, nameEnd, floor, c) : undefined;
    if (name) c.name = name;
    const end = parseParens(s, i, c, true);
    c.b = end;
    if (!c.name && nameEnd >= 0) {
      // `Graham, 490 U.S. 396` — a short form missing `at`
      const sn = findShortName(s, nameEnd, floor);
      if (sn && !c.year && c.cite.page) {
        c.kind = 'short-case';
        c.name = sn;
        const pg = c.cite.page;
        c.defects.push({ a: c.cite.reporter.b, b: pg.a, code: 'short-missing-at', replacement: ' at ', detail: 'a short form puts "at" before the pin' });
        c.pins = [{ a: pg.a, b: pg.b, kind: 'page', first: pg.value }, ...c.pins];
        delete c.cite.page;
      }
    }
    if (c.kind === 'full-case' && !c.year) {
      c.defects.push({ a: c.a, b: c.core, code: 'year-missing', detail: 'a full citation ends with a (court year) parenthetical' });
    }
    if (c.kind === 'full-case' && isDatabaseReporter(c.cite.reporter.canonical)) {
      if (!c.date) c.defects.push({ a: c.cite.volume.a, b: c.b, code: 'wl-missing-date', detail: 'a database (Westlaw, Lexis) cite gives the full date of decision' });
      if (!c.docket) c.defects.push({ a: c.cite.volume.a, b: c.cite.volume.b, code: 'wl-missing-docket', detail: 'a database (Westlaw, Lexis) cite gives the docket number' });
      for (const pin of c.pins) if (pin.kind !== 'star') c.defects.push({ a: pin.a, b: pin.b, code: 'pin-star-missing', replacement: `*${s.slice(pin.a, pin.b)}`, detail: 'database (Westlaw, Lexis) pins are star pages' });
    }
  } else {
    const pl = parsePinList(s, first.commaPin ? i + 2 : i + 3, c.defects);
    if (first.commaPin) {
      if (!pl.pins.length) return undefined;
      c.defects.push({ a: i, b: i + 2, code: 'short-missing-at', replacement: ' at ', detail: 'a short form puts "at", not a comma, before the pin' });
    }
    c.pins = pl.pins;
    i = pl.pins.length ? pl.end : i + 2;
    c.core = i;
    if (nameEnd >= 0) {
      const sn = findShortName(s, nameEnd, floor);
      if (sn) c.name = sn;
    }
    c.b = parseParens(s, i, c, true);
  }
  c.a = c.name ? c.name.a : c.docket ? c.docket.a : p;
  if (c.name) findSignal(s, c.name.a, c);
  if (c.signal) c.a = c.signal.a;
  return c;
}

function isSentenceStart(s: string, i: number): boolean {
  let j = i - 1;
  const lo = i - 64; // bounded: the incremental scanner relies on SCAN_READ_BACK
  while (j >= 0 && j > lo && (s[j] === ' ' || s[j] === '"' || s[j] === "'" || s[j] === '\u2003')) j--;
  if (j < 0) return true;
  // A footnote call standing after a sentence (`… trial. 7 Id.`): look past it.
  if (isDigit(s[j])) {
    let k = j;
    while (k >= 0 && k > j - 4 && isDigit(s[k])) k--;
    if (s[k] === ' ' && (s[k - 1] === '.' || s[k - 1] === '"' || s[k - 1] === ')')) j = s[k - 1] === ')' ? k - 1 : k - 1;
    else return false;
    if (s[j] === '"') j--;
  }
  const ch = s[j]!;
  return ch === '.' || ch === '?' || ch === '!';
}

function scanId(s: string, p: number): NCite {
  const c = newCite('id', p);
  let i = p + 3;
  c.sentenceStart = isSentenceStart(s, p);
  const cap = s[p] === 'I';
  if (c.sentenceStart && !cap) c.defects.push({ a: p, b: p + 3, code: 'id-capitalization', replacement: 'Id.', detail: 'capitalize Id. at the start of a citation sentence' });
  if (!c.sentenceStart && cap) {
    // After a signal (`See Id.`) or within a sentence.
    c.defects.push({ a: p, b: p + 3, code: 'id-capitalization', replacement: 'id.', detail: 'id. is lower-case within a sentence' });
  }
  let k = s[i] === ',' ? i + 1 : i;
  if (s.startsWith(' at ', k)) {
    const pl = parsePinList(s, k + 4, c.defects);
    if (pl.pins.length) {
      c.pins = pl.pins;
      i = pl.end;
    }
  } else if (/^ ?[§¶]/.test(s.slice(k, k + 2))) {
    const m = at(/ ?([§¶]) ?(\d[\w.\-\u2013()]{0,40})/y, s, k);
    if (m) {
      const a = k + m[0].length - m[2]!.length;
      const sec = m[2]!.replace(/[.:,\-\u2013]+$/, '');
      c.pins = [{ a: k + (s[k] === ' ' ? 1 : 0), b: a + sec.length, kind: m[1] === '§' ? 'section' : 'paragraph', first: parseInt(sec, 10) }];
      i = a + sec.length;
    }
  } else {
    // `Id. 396` — missing `at`
    const m = at(/ (\d{1,6})(?:[-\u2013]\d{1,6})?(?=[ ,;.)]|$)/y, s, k);
    if (m && !looksLikeReporterCite(s, k + 1)) {
      const pl = parsePinList(s, k + 1, c.defects);
      if (pl.pins.length) {
        c.pins = pl.pins;
        c.defects.push({ a: k, b: k + 1, code: 'short-missing-at', replacement: ' at ', detail: 'write "at" before the pin' });
        i = pl.end;
      }
    }
  }
  c.core = i;
  c.b = parseParens(s, i, c, false);
  // signal before id.
  findSignal(s, p, c);
  if (c.signal) c.a = c.signal.a;
  return c;
}

function scanSupra(s: string, p: number, floor: number): NCite | undefined {
  // `Name, supra, at 396` / `Name, supra note 5, at 3` / `Name supra`
  const c = newCite('supra', p);
  let j = p - 1;
  if (s[j] === ' ') j--;
  if (s[j] === ',') {
    let e = j;
    if (s[e - 1] === ' ') e--;
    const n = walkBackName(s, e, floor, 6, false);
    if (n !== undefined) c.name = { a: n, b: e, parties: [{ a: n, b: e }] };
  }
  let i = p + 5;
  const nm = at(/ note \d+/y, s, i);
  if (nm) i += nm[0].length;
  const am = at(/,? (at )?/y, s, i);
  if (am && (am[1] || isDigit(s[i + am[0].length]))) {
    const pl = parsePinList(s, i + am[0].length, c.defects);
    if (pl.pins.length) {
      c.pins = pl.pins;
      i = pl.end;
    }
  }
  c.core = i;
  c.b = parseParens(s, i, c, false);
  if (c.name) {
    c.a = c.name.a;
    findSignal(s, c.name.a, c);
    if (c.signal) c.a = c.signal.a;
  }
  return c;
}

/** A statute cited without a title number: `Wis. Stat. § 939.48`. p points at the `§`. */
function scanUntitledStatute(s: string, p: number, floor: number): NCite | undefined {
  const lo = Math.max(floor, p - 48);
  const code = untitledCodeBefore(s.slice(lo, p));
  if (!code) return undefined;
  let a = p - code.length;
  if (s[p - 1] === ' ') a--;
  if (a < lo || s.slice(a, a + code.length) !== code) return undefined;
  return parseSections(s, newCite('statute', a), a, a + code.length, p);
}

const STATUTE_RE = /(\d{1,3}) ((?:[A-Z][A-Za-z.&']{0,40}\.?)(?: [A-Z][A-Za-z.&']{0,40}\.?){0,4}) ?(§§?|sec\.|Sec\.) ?/y;
const SECTION_RE = /[0-9][0-9A-Za-z.:\-\u2013]{0,40}(?:\([0-9A-Za-z]{1,4}\)){0,8}/y;

function scanStatute(s: string, p: number): NCite | undefined {
  const m = at(STATUTE_RE, s, p);
  if (!m) return undefined;
  const code = m[2]!;
  if (!/\./.test(code) && !/^[A-Z]{2,}$/.test(code)) return undefined;
  const c = newCite('statute', p);
  c.title = { a: p, b: p + m[1]!.length };
  const cA = p + m[1]!.length + 1;
  const symA = cA + code.length + (s[cA + code.length] === ' ' ? 1 : 0);
  return parseSections(s, c, cA, cA + code.length, symA);
}

/** Code at [cA, cB), section symbol at symA: parse `§ 1983`, `§§ 1291–1292`, `§§ 1, 2, and 3`. */
function parseSections(s: string, c: NCite, cA: number, cB: number, symA: number): NCite | undefined {
  c.code = { a: cA, b: cB };
  const sm0 = at(/(§§?|sec\.|Sec\.) ?/y, s, symA);
  if (!sm0) return undefined;
  const secSym = sm0[1]!;
  let i = symA + sm0[0].length;
  c.sections = [];
  for (let guard = 0; guard < 20; guard++) {
    const sm = at(SECTION_RE, s, i);
    if (!sm) break;
    let secText = sm[0];
    // trailing period belongs to the sentence
    while (secText.endsWith('.') || secText.endsWith(':') || DASH.test(secText[secText.length - 1]!)) secText = secText.slice(0, -1);
    if (!secText) break;
    c.sections.push({ a: i, b: i + secText.length });
    i += secText.length;
    const more = at(/,? (?:and |& )?(?=\d)(?!\d+ [A-Z])/y, s, i);
    if (more && secSym === '§§') i += more[0].length;
    else break;
  }
  if (!c.sections.length) return undefined;
  // section-spacing
  const symB = symA + secSym.length;
  const range = c.sections.length > 1 || /[-\u2013]/.test(s.slice(c.sections[0]!.a, c.sections[0]!.b));
  if (s[symB] !== ' ') {
    c.defects.push({ a: symA, b: symB, code: 'section-spacing', replacement: `${range ? '§§' : '§'} `, detail: 'a space follows the section symbol' });
  } else if (secSym === '§§' && !range) {
    c.defects.push({ a: symA, b: symB, code: 'section-spacing', replacement: '§', detail: 'one section takes a single §' });
  } else if (secSym === '§' && range) {
    c.defects.push({ a: symA, b: symB, code: 'section-spacing', replacement: '§§', detail: 'several sections take §§' });
  }
  c.core = i;
  c.b = parseParens(s, i, c, true);
  return c;
}

const RULE_RE = /Fed\. ?R\. ?(Civ\. ?P\.|App\. ?P\.|Crim\. ?P\.|Bankr\. ?P\.|Evid\.) ?(\d{1,4}(?:\.\d+)?(?:\([0-9A-Za-z]{1,4}\))*)/y;

function scanRule(s: string, p: number): NCite | undefined {
  const m = at(RULE_RE, s, p);
  if (!m) return undefined;
  const c = newCite('rule', p);
  const codeEnd = p + m[0].length - m[2]!.length - (s[p + m[0].length - m[2]!.length - 1] === ' ' ? 1 : 0);
  c.code = { a: p, b: codeEnd };
  c.sections = [{ a: p + m[0].length - m[2]!.length, b: p + m[0].length }];
  c.core = p + m[0].length;
  c.b = parseParens(s, c.core, c, false);
  return c;
}

const CONST_RE = /(amend\. [IVXLC]{1,12}|art\. [IVXLC]{1,12})((?:, § ?\d+)?(?:, cl\. \d+)?)/y;

function scanConst(s: string, p: number): NCite | undefined {
  // p points at `Const.`; the jurisdiction precedes it (`U.S.`, `Wis.`, `Ill.`)
  const back = /((?:U\.S\.|[A-Z][a-z]{1,5}\.(?: [A-Z][a-z]{1,5}\.)?) )$/.exec(s.slice(Math.max(0, p - 20), p));
  const a = back ? p - back[1]!.length : p;
  let i = p + 6;
  const c = newCite('constitution', a);
  c.code = { a, b: i };
  if (s[i] === ' ') {
    const m = at(CONST_RE, s, i + 1);
    if (m) {
      c.sections = [{ a: i + 1, b: i + 1 + m[0].length }];
      i = i + 1 + m[0].length;
    }
  }
  if (!c.sections) {
    if (!back) return undefined;
    c.sections = [];
  }
  c.core = i;
  c.b = parseParens(s, i, c, false);
  return c;
}

function scanInternal(s: string, p: number): NCite | undefined {
  // p at `op. at`; label is the word before: `Majority op.`, `slip op.`, `Dissent op.`
  const m = /([A-Za-z][\w'-]*) $/.exec(s.slice(Math.max(0, p - 30), p));
  const a = m ? p - m[1]!.length - 1 : p;
  const c = newCite('internal', a);
  c.label = { a, b: p + 3 };
  const pl = parsePinList(s, p + 7, c.defects);
  if (!pl.pins.length) return undefined;
  c.pins = pl.pins;
  c.core = pl.end;
  c.b = parseParens(s, c.core, c, false);
  return c;
}

// ---- assembly --------------------------------------------------------------------------

/**
 * How far the scanner reads around a trigger, in normalized characters: never more than
 * SCAN_READ_BACK before it (name, docket, signal and sentence walks), and never more than
 * SCAN_READ_AHEAD past the later of the trigger and the end of the citation it produced (the
 * last parenthetical probe scans at most MAX_PAREN for a `)`). The incremental scanner
 * (incremental.ts) re-scans every trigger whose reads may reach an edit, and stops re-scanning
 * once a trigger lies SCAN_READ_BACK past the edit and its state matches the previous scan.
 */
export const SCAN_READ_BACK = 512;
export const SCAN_READ_AHEAD = MAX_PAREN + 2560;
/**
 * A closer bound, for choosing where to restart: past the later of a citation's trigger, end and
 * where the scan resumed after it, the scanner reads a couple of characters (one space, then
 * whether a `(` opens another parenthetical), and up to MAX_PAREN more only when one does; the
 * rest of SCAN_READ_AHEAD is margin. The incremental property tests pass with 8 characters in
 * place of this one's 64; a targeted test fails without the MAX_PAREN allowance.
 */
export const SCAN_READ_PAST_END = 64;
export { MAX_PAREN };

/** One citation found by the scanner, with the scanner state after it. */
export interface Scanned {
  c: NCite;
  /** Where its trigger matched. */
  trigger: number;
  /** Where the trigger search resumed after it. */
  next: number;
}

/**
 * Scans from `from` with the state left by the previous citation (its core end, if any),
 * appending to `out`. `stop` is asked after each citation whether to stop here (the rest is known).
 * Returns true when `stop` stopped the scan.
 */
export function scanFrom(s: string, from: number, prevCore: number | undefined, out: Scanned[] | undefined, stop?: (x: Scanned) => boolean): boolean {
  let floor = prevCore ?? 0;
  let lastCore = prevCore;
  const TRIG = new RegExp(TRIGGER.source, 'g');
  TRIG.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = TRIG.exec(s))) {
    const p = m.index;
    const w = m[0];
    let c: NCite | undefined;
    if (isDigit(w[0])) {
      // must start a number (not mid-number or mid-word)
      if (p > 0 && (isWordC(s[p - 1]) || s[p - 1] === '.' || s[p - 1] === '-' || s[p - 1] === '\u2013' || s[p - 1] === '*')) {
        continue;
      }
      c = scanCase(s, p, floor) ?? scanStatute(s, p);
    } else if (w === 'Id.' || w === 'id.') {
      if (p > 0 && isWordC(s[p - 1])) continue;
      c = scanId(s, p);
    } else if (w === 'supra') {
      c = scanSupra(s, p, floor);
    } else if (w === 'Const.') {
      c = scanConst(s, p);
    } else if (w.startsWith('Fed')) {
      c = scanRule(s, p);
    } else if (w === 'op. at') {
      c = scanInternal(s, p);
    } else if (w === '\u00a7') {
      c = scanUntitledStatute(s, p, floor);
    }
    if (!c) continue;
    // never overlap the previous citation's core
    if (lastCore !== undefined && c.a < lastCore) {
      c.a = Math.max(c.a, lastCore);
      if (c.signal && c.signal.a < lastCore) delete c.signal;
      if (c.name && c.name.a < lastCore) delete c.name;
    }
    const next = Math.max(c.core, p + w.length);
    const x: Scanned = { c, trigger: p, next };
    out?.push(x);
    floor = c.core;
    lastCore = c.core;
    TRIG.lastIndex = next;
    if (stop && stop(x)) return true;
  }
  return false;
}

/** Normalized text and its map back to the original (a Normalized, or an incremental OffsetMap). */
export interface NormView {
  text: string;
  toOriginal(a: number, b: number): Span;
}

export function viewOf(norm: Normalized): NormView {
  const map = norm.map;
  return { text: norm.text, toOriginal: (a, b) => map.toOriginal(a, b) };
}

function mkPart(norm: NormView, a: number, b: number): Part {
  const sp2 = norm.toOriginal(a, b);
  return { start: sp2.start, end: sp2.end, text: norm.text.slice(a, b) };
}

// The parts below are built as literals, one shape each (the extra field first, then the span, as
// JSON output has always ordered them): a generic builder that added the span to objects of five
// different shapes made those stores megamorphic, ~75 ms of a 5 MB document's first analysis.
function mkNumbered(norm: NormView, a: number, b: number, value: number): Part & { value: number } {
  const o = norm.toOriginal(a, b);
  return { value, start: o.start, end: o.end, text: norm.text.slice(a, b) };
}

function mkReporter(norm: NormView, a: number, b: number, canonical: string): ReporterCite['reporter'] {
  const o = norm.toOriginal(a, b);
  return { canonical, start: o.start, end: o.end, text: norm.text.slice(a, b) };
}

function mkRC(norm: NormView, rc: NReporterCite): ReporterCite {
  const out: ReporterCite = {
    volume: mkNumbered(norm, rc.volume.a, rc.volume.b, rc.volume.value),
    reporter: mkReporter(norm, rc.reporter.a, rc.reporter.b, rc.reporter.canonical),
  };
  if (rc.page) out.page = mkNumbered(norm, rc.page.a, rc.page.b, rc.page.value);
  return out;
}

/**
 * A citation object with every field present, in one fixed order (absent ones undefined). All
 * citations then share one V8 hidden class, so the checks and resolution that read thousands of
 * them on every keystroke stay monomorphic; objects that differed by which optional fields they
 * had made those reads megamorphic and deoptimized them. The order is the order fields were
 * added before (JSON output is unchanged: undefined fields are left out).
 */
export function newCitation(kind: Citation['kind'], start: number, end: number, text: string): Citation {
  return {
    kind,
    start,
    end,
    text,
    parallel: [],
    pins: [],
    parentheticals: [],
    defects: [],
    signal: undefined,
    name: undefined,
    cite: undefined,
    court: undefined,
    year: undefined,
    date: undefined,
    docket: undefined,
    code: undefined,
    title: undefined,
    sections: undefined,
    label: undefined,
    sentenceStart: undefined,
    parent: undefined,
    resolution: undefined,
  };
}

/** A scanned citation in original offsets, without nesting (`parent`, `nested`) or resolution. */
export function toCitation(norm: NormView, c: NCite): Citation {
  const s = norm.text;
  const whole = norm.toOriginal(c.a, c.b);
  const cit = newCitation(c.kind, whole.start, whole.end, s.slice(c.a, c.b));
  cit.parallel = c.parallel.map((r) => mkRC(norm, r));
  cit.pins = c.pins.map((p) => {
    const o = norm.toOriginal(p.a, p.b);
    const pin: Pin = { kind: p.kind, start: o.start, end: o.end, text: norm.text.slice(p.a, p.b) };
    if (p.first !== undefined) pin.first = p.first;
    if (p.last !== undefined) pin.last = p.last;
    if (p.footnotes) pin.footnotes = p.footnotes;
    return pin;
  });
  cit.parentheticals = c.parens.map((p): Parenthetical => {
    const o = norm.toOriginal(p.a, p.b);
    return { kind: p.kind, nested: [], start: o.start, end: o.end, text: norm.text.slice(p.a, p.b) };
  });
  cit.defects = c.defects.map((d): Defect => {
    const o = norm.toOriginal(d.a, d.b);
    const def: Defect = { start: o.start, end: o.end, code: d.code };
    if (d.replacement !== undefined) def.replacement = d.replacement;
    if (d.detail !== undefined) def.detail = d.detail;
    return def;
  });
  if (c.signal) cit.signal = mkPart(norm, c.signal.a, c.signal.b);
  if (c.name) {
    const o = norm.toOriginal(c.name.a, c.name.b);
    cit.name = { parties: c.name.parties.map((p) => mkPart(norm, p.a, p.b)), start: o.start, end: o.end, text: norm.text.slice(c.name.a, c.name.b) };
  }
  if (c.cite) cit.cite = mkRC(norm, c.cite);
  if (c.court) cit.court = mkPart(norm, c.court.a, c.court.b);
  if (c.year) cit.year = mkNumbered(norm, c.year.a, c.year.b, c.year.value);
  if (c.date) cit.date = { ...norm.toOriginal(c.date.a, c.date.b), text: c.date.iso };
  if (c.docket) cit.docket = mkPart(norm, c.docket.a, c.docket.b);
  if (c.code) cit.code = mkPart(norm, c.code.a, c.code.b);
  if (c.title) cit.title = mkPart(norm, c.title.a, c.title.b);
  if (c.sections) cit.sections = c.sections.map((p) => mkPart(norm, p.a, p.b));
  if (c.label) cit.label = mkPart(norm, c.label.a, c.label.b);
  if (c.sentenceStart !== undefined) cit.sentenceStart = c.sentenceStart;
  return cit;
}

/**
 * Nesting: a citation lying wholly inside another's explanatory/quoting/citing parenthetical
 * (one that starts inside but runs past a stray `)` is a neighbour, not a nested cite). Computed
 * on original offsets, which order exactly as the normalized ones do (the map is strictly
 * increasing), so a full and an incremental extraction agree. Returns each citation's parent and
 * each parenthetical's nested citations.
 */
export function nesting(cits: readonly Citation[]): { parents: (number | undefined)[]; nested: number[][][] } {
  const parents: (number | undefined)[] = new Array(cits.length).fill(undefined);
  const nested: number[][][] = cits.map((c) => c.parentheticals.map(() => []));
  const open: { a: number; b: number; owner: number; pIdx: number }[] = [];
  for (let i = 0; i < cits.length; i++) {
    const c = cits[i]!;
    // close parens that end before this one starts
    while (open.length && open[open.length - 1]!.b <= c.start) open.pop();
    const top = open[open.length - 1];
    if (top && c.start >= top.a && c.start < top.b && c.end <= top.b) {
      parents[i] = top.owner;
      nested[top.owner]![top.pIdx]!.push(i);
    }
    const ps = c.parentheticals;
    for (let k = ps.length - 1; k >= 0; k--) {
      const pr = ps[k]!;
      if (pr.kind === 'court-year') continue;
      // Keep the stack ordered by end, nearest end on top (a stable insertion: usually a push).
      const entry = { a: pr.start, b: pr.end, owner: i, pIdx: k };
      let at = open.length;
      while (at > 0 && open[at - 1]!.b < entry.b) at--;
      if (at === open.length) open.push(entry);
      else open.splice(at, 0, entry);
    }
  }
  return { parents, nested };
}

/** Sets `parent` and `nested` on freshly built citations. */
function applyNesting(cits: Citation[]): void {
  const { parents, nested } = nesting(cits);
  for (let i = 0; i < cits.length; i++) {
    const c = cits[i]!;
    const par = parents[i];
    if (par !== undefined) c.parent = par;
    const ps = c.parentheticals;
    for (let k = 0; k < ps.length; k++) ps[k]!.nested = nested[i]![k]!;
  }
}

export function extract(text: string, kind: DocKind, opts?: { maxLength?: number }): ExtractResult {
  const maxLength = opts?.maxLength ?? 5_000_000;
  let partial = false;
  let src = typeof text === 'string' ? text : '';
  if (src.length > maxLength) {
    src = src.slice(0, maxLength);
    partial = true;
  }
  const local = extractUnresolved(src, kind);
  const { a, b } = local.scan;
  resolveAll(local.citations, (j, next) => local.s.slice(b[j]!, a[next]!));
  const result: ExtractResult = { citations: local.citations };
  if (partial) result.partial = true;
  return result;
}

/**
 * Per citation, what the scanner found, in normalized offsets: span [a, b), where its trigger
 * matched, its core end, and where the trigger search resumed after it. The incremental update
 * restarts and re-synchronizes the scanner from these.
 */
export interface ScanArrays {
  a: Int32Array;
  b: Int32Array;
  trigger: Int32Array;
  core: Int32Array;
  next: Int32Array;
}

export const SCAN_ARRAY_KEYS = ['a', 'b', 'trigger', 'core', 'next'] as const;

export function scanArrays(n: number): ScanArrays {
  return { a: new Int32Array(n), b: new Int32Array(n), trigger: new Int32Array(n), core: new Int32Array(n), next: new Int32Array(n) };
}

/** Entry i of `arr` from what the scanner found, its offsets moved by `shift`. */
export function setScanned(arr: ScanArrays, i: number, x: Scanned, shift: number): void {
  arr.a[i] = x.c.a + shift;
  arr.b[i] = x.c.b + shift;
  arr.trigger[i] = x.trigger + shift;
  arr.core[i] = x.c.core + shift;
  arr.next[i] = x.next + shift;
}

/** The first n entries of `arr` in arrays of length `size` (shorter: cut; longer: room to fill). */
function resized(arr: ScanArrays, n: number, size: number): ScanArrays {
  const out = scanArrays(size);
  for (const key of SCAN_ARRAY_KEYS) out[key].set(arr[key].subarray(0, Math.min(n, size)));
  return out;
}

/** Extraction before resolution: the citations, the normalized text and the scanner's findings. */
export interface Unresolved {
  citations: Citation[];
  /** Normalized text. */
  s: string;
  /** The normalization (text and offset maps). */
  norm: Normalized;
  scan: ScanArrays;
}

/**
 * Each scanned citation is turned into a Citation as soon as it is found and only its offsets are
 * kept, so the scanner's own objects die young: on a 5 MB brief, holding them all until the end
 * had the collector copy and promote a few megabytes of them for nothing.
 */
export function extractUnresolved(src: string, kind: DocKind): Unresolved {
  const norm = normalize(src, kind);
  const s = norm.text;
  const view = viewOf(norm);
  const citations: Citation[] = [];
  let scan = scanArrays(64 + (s.length >> 8));
  scanFrom(s, 0, undefined, undefined, (x) => {
    const i = citations.length;
    if (i === scan.a.length) scan = resized(scan, i, 2 * i);
    setScanned(scan, i, x, 0);
    citations.push(toCitation(view, x.c));
    return false;
  });
  applyNesting(citations);
  return { citations, s, norm, scan: resized(scan, citations.length, citations.length) };
}
