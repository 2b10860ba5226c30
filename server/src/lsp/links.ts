// Document links: every citation of a known authority that names it links to its source. The link
// covers the reporter cite (or the provision), leaving the case name free for go-to-definition.
// *Id.* and *supra* carry no link: they point back to an earlier citation, so Ctrl+click there is
// left to go-to-definition, which goes to that antecedent (and to the opinion's passage). Their
// hover still has the source link. This also keeps a brief's link list about a third smaller: on
// the benchmark's brief 873 links became 622, and the list's size is most of the request's time.
//
// Links are resolved lazily (documentLink/resolve): the list carries only each link's range and a
// small key, and the target and tooltip are filled in when the editor follows a link. A 350 KB
// brief has ~900 links; sending their targets and tooltips as well doubled the payload, and
// serializing and parsing it was most of the request's time (bench/results.json).
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import type { Citation } from '../engine/types';
import { rangeOf } from './convert';
import { targetOf, type Analysis } from './analysis';
import { docAndAnalysis, type Ctx } from './context';

/**
 * Short numeric ids for open documents' URIs, so that each link's key stays a few bytes. They
 * start at 1: vscode-languageclient drops a link's `data` when it is falsy
 * (codeConverter.asDocumentLink tests `protocolItem.data`), and a link sent back without it could
 * not be resolved. A closed document's id is dropped and never given again, so a link the editor
 * kept from before the close comes back unresolved rather than pointing into another document.
 */
const idOfUri = new Map<string, number>();
const uriOfId = new Map<number, string>();
let lastId = 0;
function docId(uri: string): number {
  let id = idOfUri.get(uri);
  if (id === undefined) {
    id = ++lastId;
    idOfUri.set(uri, id);
    uriOfId.set(id, uri);
  }
  return id;
}

/** A document closed: forget its id. */
export function forgetLinks(uri: string): void {
  const id = idOfUri.get(uri);
  if (id === undefined) return;
  idOfUri.delete(uri);
  uriOfId.delete(id);
}

/** Unresolved links per analysis (one analysis per document version): asked again, the same version answers from here. */
const cache = new WeakMap<object, DocumentLink[]>();
/** Per analysis, the citation index of each link span, keyed `start:end` (built on the first resolve). */
const bySpan = new WeakMap<object, Map<string, number>>();

/** The source a citation links to, when its authority has a web address. */
function linkTarget(a: Analysis, index: number): { target: string; tooltip: string } | undefined {
  const t = targetOf(a, index);
  const link = t.authority?.link;
  if (!link || !/^https?:\/\//.test(link)) return undefined;
  return { target: link, tooltip: `Open ${t.authority?.type === 'case' ? t.authority.name : link}` };
}

/**
 * The span a citation's link covers: the reporter cite when it has one, else the whole citation;
 * none for *id.* and *supra*, which refer back to another citation.
 */
function linkSpan(c: Citation): [number, number] | undefined {
  if (c.kind === 'id' || c.kind === 'supra') return undefined;
  if (c.cite) return [c.cite.volume.start, c.cite.page?.end ?? c.cite.reporter.end];
  return [c.start, c.end];
}

export async function onDocumentLinks(ctx: Ctx, params: DocumentLinkParams): Promise<DocumentLink[]> {
  const uri = params?.textDocument?.uri;
  const da = await docAndAnalysis(ctx, uri);
  if (!da || !da.a.enabled) return [];
  const hit = cache.get(da.a);
  if (hit) return hit;
  const out: DocumentLink[] = [];
  const id = docId(da.a.uri);
  const cs = da.a.extraction.citations;
  for (let i = 0; i < cs.length; i++) {
    const span = linkSpan(cs[i]!);
    if (span && linkTarget(da.a, i)) out.push({ range: rangeOf(da.doc, span[0], span[1]), data: id });
  }
  cache.set(da.a, out);
  return out;
}

/**
 * Fills in a link's target and tooltip. The link carries only its document's id: the citation is
 * the one whose link span is exactly the link's range in the document's current analysis. After an
 * edit that moved it, the range covers no link and the link comes back as it was sent (the editor
 * asks for fresh links after a change anyway).
 */
export async function onDocumentLinkResolve(ctx: Ctx, link: DocumentLink): Promise<DocumentLink> {
  const id = link?.data as unknown;
  const uri = typeof id === 'number' ? uriOfId.get(id) : undefined;
  const da = uri === undefined ? undefined : await docAndAnalysis(ctx, uri);
  if (!da || !da.a.enabled || !link.range) return link;
  let spans = bySpan.get(da.a);
  if (!spans) {
    spans = new Map();
    const cs = da.a.extraction.citations;
    for (let i = 0; i < cs.length; i++) {
      const span = linkSpan(cs[i]!);
      const key = span && `${span[0]}:${span[1]}`;
      if (key && !spans.has(key)) spans.set(key, i);
    }
    bySpan.set(da.a, spans);
  }
  const i = spans.get(`${da.doc.offsetAt(link.range.start)}:${da.doc.offsetAt(link.range.end)}`);
  const t = i === undefined ? undefined : linkTarget(da.a, i);
  return t ? { ...link, ...t } : link;
}
