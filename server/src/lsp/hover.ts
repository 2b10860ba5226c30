// Hover: what a citation is, how Smith v. Finkley used it, and where a short form points.
import type { Hover, HoverParams, MarkupContent } from 'vscode-languageserver';
import { describeCitation } from '../engine/describe';
import type { Analysis } from './analysis';
import { citationAt, targetOf } from './analysis';
import { lineIndex, lineNumberAt, offsetAt, rangeOf, type PositionMapper } from './convert';
import { docAndAnalysis, type Ctx } from './context';

/** The hover markdown for the citation at an offset, or undefined. */
export function markdownAt(a: Analysis, offset: number, mapper?: PositionMapper): { markdown: string; start: number; end: number } | undefined {
  if (!a.enabled) return undefined;
  const i = citationAt(a, offset);
  if (i === undefined) return undefined;
  const c = a.extraction.citations[i]!;
  const t = targetOf(a, i);
  const m = mapper ?? lineIndex(a.text);
  const ante = t.antecedent !== undefined ? a.extraction.citations[t.antecedent] : undefined;
  const markdown = describeCitation({
    citation: c,
    authority: t.authority,
    antecedent: ante ? { citation: ante, line: lineNumberAt(m, ante.start) } : undefined,
    pinPage: t.pinPage,
  });
  return { markdown, start: c.start, end: c.end };
}

export async function onHover(ctx: Ctx, params: HoverParams): Promise<Hover | null> {
  const da = await docAndAnalysis(ctx, params?.textDocument?.uri);
  if (!da) return null;
  const offset = offsetAt(da.doc, params.position);
  const r = markdownAt(da.a, offset, da.doc);
  if (!r) return null;
  const contents: MarkupContent = { kind: 'markdown', value: r.markdown };
  return { contents, range: rangeOf(da.doc, r.start, r.end) };
}

export async function onAuthorityAt(ctx: Ctx, params: unknown): Promise<{ markdown: string } | null> {
  const p = params as { uri?: unknown; position?: unknown } | null;
  const da = await docAndAnalysis(ctx, p?.uri);
  if (!da) return null;
  const r = markdownAt(da.a, offsetAt(da.doc, p?.position), da.doc);
  return r ? { markdown: r.markdown } : null;
}
