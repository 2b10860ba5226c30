// Document links: every citation of a known authority links to its source. The link covers the
// reporter cite (or the provision), leaving the case name free for go-to-definition.
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import { rangeOf } from './convert';
import { targetOf } from './analysis';
import { docAndAnalysis, type Ctx } from './context';

/** Links per analysis (one analysis per document version): asked again, the same version answers from here. */
const cache = new WeakMap<object, DocumentLink[]>();

export async function onDocumentLinks(ctx: Ctx, params: DocumentLinkParams): Promise<DocumentLink[]> {
  const da = await docAndAnalysis(ctx, params?.textDocument?.uri);
  if (!da || !da.a.enabled) return [];
  const hit = cache.get(da.a);
  if (hit) return hit;
  const out: DocumentLink[] = [];
  const cs = da.a.extraction.citations;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const t = targetOf(da.a, i);
    const link = t.authority?.link;
    if (!link || !/^https?:\/\//.test(link)) continue;
    let start = c.start;
    let end = c.end;
    if (c.cite) {
      start = c.cite.volume.start;
      end = c.cite.page?.end ?? c.cite.reporter.end;
    }
    out.push({ range: rangeOf(da.doc, start, end), target: link, tooltip: `Open ${t.authority?.type === 'case' ? t.authority.name : link}` });
  }
  cache.set(da.a, out);
  return out;
}
