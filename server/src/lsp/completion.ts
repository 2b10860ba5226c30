// Completion: a case name, `Id.` or a reporter being typed → the correct citation, from the table
// or from an earlier citation in the brief; the short form once the brief has cited it in full.
import { CompletionItemKind, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import { fullCitationText, isCase, reporterCite, shortFormText } from '../engine/describe';
import type { Authority, CaseAuthority } from '../engine/table-types';
import type { Citation } from '../engine/types';
import { targetOf, type Analysis } from './analysis';
import { offsetAt, rangeOf } from './convert';
import { docAndAnalysis, type Ctx } from './context';

const LOOKBEHIND = 120;

interface Candidate {
  label: string;
  insert: string;
  detail: string;
  replaceFrom: number;
  sortKey: string;
  kind: CompletionItemKind;
}

/** Authorities the brief has already cited in full before `offset` (ids), and the earlier full cites not in the table. */
function earlier(a: Analysis, offset: number): { fullIds: Set<string>; unknownFull: Citation[] } {
  const fullIds = new Set<string>();
  const unknownFull: Citation[] = [];
  const cs = a.extraction.citations;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c.end > offset) continue;
    if (c.kind !== 'full-case' && c.kind !== 'statute' && c.kind !== 'rule' && c.kind !== 'constitution') continue;
    const t = targetOf(a, i);
    if (t.authority) fullIds.add(t.authority.id);
    else if (c.kind === 'full-case' && c.name && c.cite) unknownFull.push(c);
  }
  return { fullIds, unknownFull };
}

/** The longest suffix of `before` (starting at a word boundary, ≥ 2 chars) that begins `target` or one of its words. */
function matchSuffix(before: string, target: string): number | undefined {
  const lower = target.toLowerCase();
  const starts = [0];
  for (let i = 1; i < target.length; i++) if (/\s/.test(target[i - 1]!) && !/\s/.test(target[i]!)) starts.push(i);
  let best: number | undefined;
  for (let k = Math.max(0, before.length - target.length); k <= before.length - 2; k++) {
    if (k > 0 && /[\w.'’&-]/.test(before[k - 1]!)) continue; // not at a word boundary
    if (!/[A-Za-z0-9]/.test(before[k]!)) continue;
    const suffix = before.slice(k).toLowerCase();
    for (const s of starts) {
      if (lower.startsWith(suffix, s) && (best === undefined || before.length - k > before.length - best)) best = k;
    }
    if (best !== undefined) return best; // the earliest k is the longest suffix
  }
  return best;
}

function caseNames(a: CaseAuthority): string[] {
  return [a.name, ...(a.variants ?? []), ...(a.shortNames ?? [])].filter((s) => typeof s === 'string' && s.length > 0);
}

export function completionsAt(a: Analysis, authorities: readonly Authority[], offset: number): Candidate[] {
  const lineStart = a.text.lastIndexOf('\n', offset - 1) + 1;
  const before = a.text.slice(Math.max(lineStart, offset - LOOKBEHIND), offset);
  const base = offset - before.length;
  const { fullIds, unknownFull } = earlier(a, offset);
  const out: Candidate[] = [];

  // Id.
  const idm = /(?:^|[\s(])([Ii]d\.?)$/.exec(before);
  if (idm) {
    const cs = a.extraction.citations;
    let prev: number | undefined;
    for (let i = cs.length - 1; i >= 0; i--) if (cs[i]!.end <= offset && cs[i]!.kind !== 'internal') { prev = i; break; }
    if (prev !== undefined) {
      const t = targetOf(a, prev);
      const to = t.authority ? fullCitationText(t.authority) : cs[prev]!.text;
      const cap = idm[1]![0] === 'I' ? 'Id.' : 'id.';
      out.push({ label: `${cap} at`, insert: `${cap} at `, detail: `→ ${to}`, replaceFrom: offset - idm[1]!.length, sortKey: '0', kind: CompletionItemKind.Reference });
      out.push({ label: cap, insert: cap, detail: `→ ${to}`, replaceFrom: offset - idm[1]!.length, sortKey: '1', kind: CompletionItemKind.Reference });
    }
  }

  // A reporter: `471 U.S`, `10 F.4`.
  const rm = /(?:^|[\s,(])(\d{1,4})\s+([A-Z][A-Za-z0-9. ]{0,12})$/.exec(before);
  if (rm) {
    const vol = Number(rm[1]);
    const typed = rm[2]!.replace(/\s+/g, '').toLowerCase();
    const from = offset - (rm[0].length - (/^[\s,(]/.test(rm[0]) ? 1 : 0));
    const nameBefore = before.slice(0, from - base);
    for (const au of authorities) {
      if (!isCase(au)) continue;
      const c = au.cites.find((x) => x.volume === vol && x.reporter.replace(/\s+/g, '').toLowerCase().startsWith(typed));
      if (!c) continue;
      const named = caseNames(au).some((n) => nameBefore.trimEnd().replace(/,$/, '').toLowerCase().endsWith(n.toLowerCase()));
      const cited = fullIds.has(au.id);
      const insert = cited
        ? named
          ? `${c.volume} ${c.reporter} at `
          : shortFormText(au)
        : named
          ? fullCitationText(au).slice(au.name.length + 2)
          : fullCitationText(au);
      out.push({ label: `${c.volume} ${c.reporter} ${c.page} — ${au.name}`, insert, detail: fullCitationText(au), replaceFrom: from, sortKey: `2${au.name}`, kind: CompletionItemKind.Reference });
    }
  }

  // A case name, or a statute's name or citation (`42 U.S`).
  if (/[A-Za-z0-9.]{2,}$/.test(before)) {
    for (const au of authorities) {
      const names = isCase(au) ? caseNames(au) : [au.name, au.citation].filter(Boolean);
      let from: number | undefined;
      for (const n of names) {
        const k = matchSuffix(before, n);
        if (k !== undefined && (from === undefined || k < from)) from = k;
      }
      if (from === undefined) continue;
      const cited = fullIds.has(au.id);
      const insert = cited && isCase(au) ? shortFormText(au) : fullCitationText(au);
      const label = isCase(au) ? au.name : au.citation;
      out.push({
        label,
        insert,
        detail: cited ? `short form — ${fullCitationText(au)}` : isCase(au) ? `${reporterCite(au)} (${au.year})` : au.name,
        replaceFrom: base + from,
        sortKey: `3${label}`,
        kind: isCase(au) ? CompletionItemKind.Class : CompletionItemKind.Property,
      });
    }
    // Earlier full citations in the brief that are not in the table.
    const seen = new Set<string>();
    for (const c of unknownFull) {
      const name = c.name!.text;
      if (seen.has(name)) continue;
      seen.add(name);
      const k = matchSuffix(before, name);
      if (k === undefined) continue;
      const word = c.name!.parties[0]?.text.split(/\s+/)[0] ?? name;
      const insert = `${word}, ${c.cite!.volume.value} ${c.cite!.reporter.canonical} at `;
      out.push({ label: name, insert, detail: `short form — earlier in this brief: ${c.text}`, replaceFrom: base + k, sortKey: `4${name}`, kind: CompletionItemKind.Text });
    }
  }
  return out;
}

export async function onCompletion(ctx: Ctx, params: CompletionParams): Promise<CompletionList | null> {
  const da = await docAndAnalysis(ctx, params?.textDocument?.uri);
  if (!da || !da.a.enabled) return null;
  const offset = offsetAt(da.doc, params.position);
  const cands = completionsAt(da.a, ctx.table().authorities, offset).slice(0, 100);
  const items: CompletionItem[] = cands.map((c) => ({
    label: c.label,
    kind: c.kind,
    detail: c.detail,
    sortText: c.sortKey,
    filterText: da.a.text.slice(c.replaceFrom, offset),
    textEdit: { range: rangeOf(da.doc, c.replaceFrom, offset), newText: c.insert },
  }));
  return { isIncomplete: true, items };
}
