// Document symbols: the authorities a brief cites, grouped Cases / Statutes / Other, each at its
// first citation.
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import { fullCitationText } from '../engine/describe';
import type { Citation } from '../engine/types';
import { authorityKey, isShortKind, targetOf } from './analysis';
import { rangeOf } from './convert';
import { docAndAnalysis, type Ctx } from './context';

type Group = 'Cases' | 'Statutes' | 'Other';

function groupOf(c: Citation, type?: string): Group {
  const k = type ?? c.kind;
  if (k === 'case' || k === 'full-case' || k === 'short-case') return 'Cases';
  if (k === 'statute' || k === 'rule') return 'Statutes';
  return 'Other';
}

/** Symbols per analysis (one analysis per document version). */
const cache = new WeakMap<object, DocumentSymbol[]>();

export async function onDocumentSymbols(ctx: Ctx, params: DocumentSymbolParams): Promise<DocumentSymbol[]> {
  const da = await docAndAnalysis(ctx, params?.textDocument?.uri);
  if (!da || !da.a.enabled) return [];
  const hit = cache.get(da.a);
  if (hit) return hit;
  const out = symbolsOf(da);
  cache.set(da.a, out);
  return out;
}

function symbolsOf(da: { doc: Parameters<typeof rangeOf>[0]; a: Parameters<typeof authorityKey>[0] }): DocumentSymbol[] {
  const cs = da.a.extraction.citations;
  const seen = new Map<string, { sym: DocumentSymbol; count: number; group: Group }>();
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const key = authorityKey(da.a, i);
    if (!key) continue;
    const hit = seen.get(key);
    if (hit) {
      hit.count++;
      continue;
    }
    if (isShortKind(c)) continue; // an unresolved short form or one whose antecedent is listed already
    const t = targetOf(da.a, i);
    const a = t.authority;
    const name = a ? (a.type === 'case' ? a.name : a.citation) : (c.name?.text ?? c.text);
    const detail = a ? fullCitationText(a) : `${c.text} (not in the table)`;
    const range = rangeOf(da.doc, c.start, c.end);
    const sel = c.name ? rangeOf(da.doc, c.name.start, c.name.end) : range;
    const group = groupOf(c, a?.type === 'constitution' ? 'constitution' : a?.type);
    const kind = group === 'Cases' ? SymbolKind.Class : group === 'Statutes' ? SymbolKind.Property : SymbolKind.Constant;
    seen.set(key, { sym: { name: name || c.text || '(citation)', detail, kind, range, selectionRange: sel }, count: 1, group });
  }
  const groups = new Map<Group, DocumentSymbol[]>();
  for (const { sym, count, group } of seen.values()) {
    if (count > 1) sym.detail = `${sym.detail ?? ''} — ${count} citations`;
    const list = groups.get(group) ?? [];
    list.push(sym);
    groups.set(group, list);
  }
  const out: DocumentSymbol[] = [];
  for (const g of ['Cases', 'Statutes', 'Other'] as Group[]) {
    const children = groups.get(g);
    if (!children?.length) continue;
    const first = children[0]!;
    const last = children.reduce((acc, s) => (s.range.end.line > acc.line || (s.range.end.line === acc.line && s.range.end.character > acc.character) ? s.range.end : acc), first.range.end);
    out.push({
      name: g,
      detail: `${children.length} authorit${children.length === 1 ? 'y' : 'ies'}`,
      kind: SymbolKind.Namespace,
      range: { start: first.range.start, end: last },
      selectionRange: { start: first.range.start, end: first.range.start },
      children,
    });
  }
  return out;
}
