// Hover / panel markdown for a citation, from the citation itself and its table entry.
// Pure: no editor imports, no I/O. The LSP glue finds the authority and antecedent and passes
// them in; this file only decides what to say and how to format it.
import type { Citation, Pin } from './types';
import type { Authority, CaseAuthority, Use } from './table-types';

/** Escapes text for CommonMark so a name with `*` or `_` cannot turn into emphasis. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_{}\[\]<>#|~])/g, '\\$1');
}

export function isCase(a: Authority): a is CaseAuthority {
  return a.type === 'case';
}

/** `(7th Cir. 2021)`, `(1985)`, `(7th Cir. 1988) (en banc)`, `(per curiam)` after the year. */
export function courtYear(a: CaseAuthority): string {
  let s = `(${a.court ? `${a.court} ` : ''}${a.year})`;
  if (a.enBanc) s += ' (en banc)';
  if (a.perCuriam) s += ' (per curiam)';
  return s;
}

/** The first page of the primary reporter cite: `471 U.S. 1`. */
export function reporterCite(a: CaseAuthority): string {
  const c = a.cites[0];
  if (!c) return '';
  return `${c.volume} ${c.reporter} ${c.page}`;
}

/** A pin as it should be written: no `p.`/`pp.`, no spaces around a span's dash. */
export function cleanPin(pin: string): string {
  return pin
    .replace(/^\s*(?:at\s+)?pp?\.\s*/, '')
    .replace(/\s*([–—-])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The full citation in correct form, markdown: `*Tennessee v. Garner*, 471 U.S. 1, 11 (1985)`.
 * `pin` is the pin as written (normalized), included after the first page when given.
 */
export function fullCitationMarkdown(a: Authority, pin?: string): string {
  if (!isCase(a)) return escapeMarkdown(a.citation);
  const cite = reporterCite(a);
  const pinPart = pin ? `, ${cleanPin(pin)}` : '';
  return `*${escapeMarkdown(a.name)}*, ${escapeMarkdown(cite)}${escapeMarkdown(pinPart)} ${escapeMarkdown(courtYear(a))}`;
}

/** The plain-text full citation (for completion inserts): `Tennessee v. Garner, 471 U.S. 1 (1985)`. */
export function fullCitationText(a: Authority, pin?: string): string {
  if (!isCase(a)) return a.citation;
  return `${a.name}, ${reporterCite(a)}${pin ? `, ${cleanPin(pin)}` : ''} ${courtYear(a)}`;
}

/** The short form after the first full citation: `Garner, 471 U.S. at ` (pin to follow). */
export function shortFormText(a: Authority): string {
  if (!isCase(a)) return a.citation;
  const c = a.cites[0];
  const word = a.shortNames[0] ?? a.name.split(/\s+v\.\s+/)[0] ?? a.name;
  return c ? `${word}, ${c.volume} ${c.reporter} at ` : `${word}, `;
}

/** The numeric first page of the citation's first pin, if it has one. */
export function pinPageOf(c: Citation | undefined): number | undefined {
  const p: Pin | undefined = c?.pins[0];
  if (!p) return undefined;
  if (typeof p.first === 'number' && Number.isFinite(p.first)) return p.first;
  const m = /\d+/.exec(p.text);
  return m ? Number(m[0]) : undefined;
}

/**
 * The place in Smith v. Finkley that cites the authority at or nearest to `pinPage`: a use with
 * that pin page; else the use whose pin page is closest; else the first full citation; else the
 * first use.
 */
export function nearestUse(a: Authority, pinPage?: number): Use | undefined {
  const uses = a.uses ?? [];
  if (uses.length === 0) return undefined;
  if (pinPage !== undefined) {
    let best: Use | undefined;
    let bestD = Infinity;
    for (const u of uses) {
      if (u.pinPage === undefined) continue;
      const d = Math.abs(u.pinPage - pinPage);
      if (d < bestD) {
        best = u;
        bestD = d;
      }
    }
    if (best) return best;
  }
  return uses.find((u) => u.kind === 'full-case' || u.kind === 'statute') ?? uses[0];
}

function kindLabel(c: Citation): string {
  switch (c.kind) {
    case 'id':
      return '*Id.*';
    case 'supra':
      return `*${escapeMarkdown(c.name?.text ?? '')}*, *supra*`;
    case 'short-case':
      return escapeMarkdown(c.text);
    default:
      return escapeMarkdown(c.text);
  }
}

function quote(s: string, max = 400): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return escapeMarkdown(t.length > max ? `${t.slice(0, max - 1)}…` : t);
}

function useLine(u: Use, total: number): string {
  const where = `slip op. at ${u.slipPage}${u.part === 'dissent' ? ', dissent' : ''}`;
  const times = total > 1 ? `; cited ${total} times in the opinion` : '';
  const pin = u.pin ? `at ${escapeMarkdown(u.pin)}` : 'without a pin';
  const head = `**In *Smith v. Finkley*** (${where}${times}): cited ${pin}${u.proposition ? ' for' : ''}`;
  return u.proposition ? `${head}\n\n> ${quote(u.proposition)}` : head;
}

/** What the parse found, for an authority that is not in the table. */
function parsedSummary(c: Citation): string {
  const rows: string[] = [];
  if (c.name) rows.push(`- name: ${escapeMarkdown(c.name.text)}`);
  if (c.cite) {
    const page = c.cite.page ? ` ${c.cite.page.text}` : '';
    rows.push(`- reporter: ${escapeMarkdown(`${c.cite.volume.text} ${c.cite.reporter.canonical}${page}`)}`);
  }
  if (c.title || c.code || c.sections?.length) {
    rows.push(
      `- provision: ${escapeMarkdown([c.title?.text, c.code?.text, (c.sections ?? []).map((s) => s.text).join(', ')].filter(Boolean).join(' '))}`,
    );
  }
  if (c.pins.length) rows.push(`- pin: ${escapeMarkdown(c.pins.map((p) => p.text).join(', '))}`);
  if (c.court) rows.push(`- court: ${escapeMarkdown(c.court.text)}`);
  if (c.year) rows.push(`- year: ${c.year.value}`);
  return rows.join('\n');
}

export interface DescribeInput {
  citation: Citation;
  /** The table entry it refers to, directly or through its antecedent. */
  authority?: Authority;
  /** For a short form, *id.* or *supra*: the full citation it resolved to and its 1-based line. */
  antecedent?: { citation: Citation; line: number };
  /** The pin to describe (the citation's own pin; for *id.* without a pin, the antecedent's). */
  pinPage?: number;
}

/** The hover markdown for a citation. */
export function describeCitation(input: DescribeInput): string {
  const { citation: c, authority: a, antecedent } = input;
  const out: string[] = [];
  const isShort = c.kind === 'id' || c.kind === 'short-case' || c.kind === 'supra';
  const pinText = c.pins.length ? c.pins.map((p) => p.text).join(', ') : undefined;

  if (c.kind === 'internal') {
    out.push(`${escapeMarkdown(c.text)} — a reference to another part of the same opinion; nothing to check.`);
    return out.join('\n\n');
  }

  if (isShort) {
    const status = c.resolution?.status;
    if (antecedent) {
      const target = a ? fullCitationMarkdown(a) : escapeMarkdown(antecedent.citation.text);
      out.push(`${kindLabel(c)} → ${target}, cited on line ${antecedent.line}`);
    } else if (status === 'ambiguous') {
      out.push(`${kindLabel(c)} — ambiguous: ${escapeMarkdown(c.resolution?.detail ?? 'it could refer to more than one authority')}.`);
    } else {
      out.push(`${kindLabel(c)} — no earlier full citation found for it in this document.`);
    }
  }

  if (a) {
    if (isCase(a)) {
      if (!isShort) {
        out.push(`*${escapeMarkdown(a.name)}*`);
        out.push(fullCitationMarkdown(a, pinText));
      }
      out.push(`${escapeMarkdown(a.courtName)}, ${a.year}${a.enBanc ? ' (en banc)' : ''}`);
      if (a.holding) out.push(`**Holding.** ${quote(a.holding, 1200)}`);
    } else {
      out.push(`**${escapeMarkdown(a.citation)}**${a.name ? ` — ${escapeMarkdown(a.name)}` : ''}`);
      if (a.use) out.push(quote(a.use, 1200));
    }
    const u = nearestUse(a, input.pinPage);
    if (u) {
      out.push(useLine(u, a.uses.length));
      const err = isCase(a) && u.opinionError !== undefined ? a.opinionErrors[u.opinionError] : undefined;
      if (err) {
        out.push(`**Note:** the opinion has an error here — it wrote "${escapeMarkdown(err.wrote)}"; correct: "${escapeMarkdown(err.correct)}". ${quote(err.explanation)}`);
      }
    }
    if (a.link && /^https?:\/\//.test(a.link)) out.push(`[Source](${a.link.replace(/\)/g, '%29').replace(/ /g, '%20')})`);
  } else if (!isShort || antecedent) {
    const summary = parsedSummary(isShort && antecedent ? antecedent.citation : c);
    out.push(
      `**Not verified.** This authority is not in Pincite's table (the authorities cited in *Smith v. Finkley* and your authorities file).` +
        (summary ? `\n\nParsed as:\n${summary}` : ''),
    );
  }
  return out.join('\n\n');
}
