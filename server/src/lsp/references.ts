// References: every citation of the same authority in this brief and the other open briefs.
import type { CancellationToken, Location, ReferenceParams } from 'vscode-languageserver';
import { authorityKey, citationAt } from './analysis';
import { offsetAt, rangeOf } from './convert';
import { docAndAnalysis, type Ctx } from './context';

export async function onReferences(ctx: Ctx, params: ReferenceParams, token?: CancellationToken): Promise<Location[]> {
  const da = await docAndAnalysis(ctx, params?.textDocument?.uri);
  if (!da || !da.a.enabled) return [];
  const i = citationAt(da.a, offsetAt(da.doc, params.position));
  if (i === undefined) return [];
  const key = authorityKey(da.a, i);
  if (!key) return [];
  const out: Location[] = [];
  const uris = [da.doc.uri, ...ctx.documents.keys().filter((u) => u !== da.doc.uri)];
  for (const uri of uris) {
    if (token?.isCancellationRequested) break;
    const other = uri === da.doc.uri ? da : await docAndAnalysis(ctx, uri);
    if (!other || !other.a.enabled) continue;
    const cs = other.a.extraction.citations;
    for (let j = 0; j < cs.length; j++) {
      if (authorityKey(other.a, j) === key) out.push({ uri, range: rangeOf(other.doc, cs[j]!.start, cs[j]!.end) });
    }
  }
  return out;
}
