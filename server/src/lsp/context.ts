// What every feature handler gets: open documents, the analyzer, the engine and current table.
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Analyzer } from './analysis';
import type { Engine, TableView } from './engine-api';
import { lineIndex, type PositionMapper } from './convert';


export interface Ctx {
  documents: TextDocuments<TextDocument>;
  analyzer: Analyzer;
  engine: Engine;
  table(): TableView;
  /** Line index over the bundled opinion text (for definition targets). */
  opinionIndex(): PositionMapper;
}

/** The open document and its current analysis, or undefined for an unknown URI. */
export async function docAndAnalysis(ctx: Ctx, uri: unknown): Promise<{ doc: TextDocument; a: Analysis } | undefined> {
  if (typeof uri !== 'string') return undefined;
  const doc = ctx.documents.get(uri);
  if (!doc) return undefined;
  // The document may change while we wait: only an analysis of the current text will do.
  for (let attempt = 0; attempt < 3; attempt++) {
    const a = await ctx.analyzer.ensure(uri);
    const cur = ctx.documents.get(uri);
    if (!cur) return undefined;
    if (a && a.version === cur.version) return { doc: cur, a };
  }
  const cur = ctx.documents.get(uri);
  return cur ? { doc: cur, a: ctx.analyzer.now(cur) } : undefined;
}

export function makeOpinionIndex(table: () => TableView): () => PositionMapper {
  let text: string | undefined;
  let idx: PositionMapper | undefined;
  return () => {
    const t = table().opinion.text;
    if (!idx || text !== t) {
      text = t;
      idx = lineIndex(t);
    }
    return idx;
  };
}
