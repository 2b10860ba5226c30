// Go to definition: the passage of the bundled opinion that cites the authority at (or nearest
// to) this pin; for a short form or id., also its antecedent in the brief.
import type { DefinitionParams, Location } from 'vscode-languageserver';
import { nearestUse } from '../engine/describe';
import { citationAt, targetOf } from './analysis';
import { offsetAt, rangeOf } from './convert';
import { docAndAnalysis, type Ctx } from './context';

export async function onDefinition(ctx: Ctx, params: DefinitionParams): Promise<Location[] | null> {
  const da = await docAndAnalysis(ctx, params?.textDocument?.uri);
  if (!da || !da.a.enabled) return null;
  const i = citationAt(da.a, offsetAt(da.doc, params.position));
  if (i === undefined) return null;
  const t = targetOf(da.a, i);
  const out: Location[] = [];
  if (t.authority) {
    const use = nearestUse(t.authority, t.pinPage);
    if (use) {
      const op = ctx.opinionIndex();
      // The table is the one source of the opinion's address (scripts/gen-table.ts sets it).
      out.push({ uri: ctx.table().opinion.uri, range: rangeOf(op, use.start, use.end) });
    }
  }
  if (t.antecedent !== undefined) {
    const ante = da.a.extraction.citations[t.antecedent];
    if (ante) out.push({ uri: da.doc.uri, range: rangeOf(da.doc, ante.start, ante.end) });
  }
  return out.length ? out : null;
}
