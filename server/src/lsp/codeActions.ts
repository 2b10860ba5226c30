// Code actions. Quick fixes are rebuilt from the diagnostics the client sends back (code + data),
// so they need no server cache and survive edits elsewhere in the document. `source.fixAll.pincite`
// applies every preferred fix at once, repeating until nothing preferred is left, so applying it
// twice changes nothing.
import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, TextEdit } from '../engine/checks-types';
import type { Analysis } from './analysis';
import { commonPrefix, commonSuffix } from '../engine/incremental';
import { offsetAt, rangeOf } from './convert';
import { docAndAnalysis, type Ctx } from './context';
import { isDiagnosticData, SOURCE } from './diagnostics';

import { FIX_ALL_KIND } from './fix-all-kind';

export { FIX_ALL_KIND };

function wants(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return kind === CodeActionKind.QuickFix;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** Quick fixes for one diagnostic, or [] when its data does not match the current text. */
export function quickFixes(doc: TextDocument, d: Diagnostic): CodeAction[] {
  if (d?.source !== SOURCE || !isDiagnosticData(d.data)) return [];
  const text = doc.getText();
  const anchor = offsetAt(doc, d.range?.start);
  const out: CodeAction[] = [];
  for (const fx of d.data.fixes) {
    if (!fx || typeof fx.title !== 'string' || !Array.isArray(fx.edits)) continue;
    const edits: LspTextEdit[] = [];
    let ok = true;
    for (const e of fx.edits) {
      const start = anchor + Number(e?.delta);
      const old = typeof e?.old === 'string' ? e.old : '';
      if (!Number.isInteger(start) || start < 0 || start + old.length > text.length || text.slice(start, start + old.length) !== old) {
        ok = false;
        break;
      }
      edits.push({ range: rangeOf(doc, start, start + old.length), newText: String(e.newText ?? '') });
    }
    if (!ok || edits.length === 0) continue;
    out.push({
      title: fx.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: fx.preferred === true,
      edit: { changes: { [doc.uri]: edits } },
    });
  }
  return out;
}

/** Two edits collide when they overlap, or both insert at the same point, or one inserts inside the other. */
function collide(a: TextEdit, b: TextEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return false;
}

/** The preferred fixes of some findings whose edits do not collide, in document order. */
export function preferredEdits(findings: readonly Finding[], limit: number): TextEdit[] {
  const fixes: TextEdit[][] = [];
  for (const f of findings) {
    const fx = f.fixes.find((x) => x.preferred);
    if (!fx || fx.edits.length === 0) continue;
    const es = [...fx.edits].sort((x, y) => x.start - y.start);
    if (es.some((e) => !(e.start >= 0 && e.end >= e.start && e.end <= limit))) continue;
    fixes.push(es);
  }
  fixes.sort((x, y) => x[0]!.start - y[0]!.start);
  const accepted: TextEdit[] = [];
  for (const es of fixes) {
    // A fix's edits go in together or not at all.
    if (es.some((e) => accepted.some((x) => collide(e, x)))) continue;
    if (es.some((e, i) => es.some((o, j) => i < j && collide(e, o)))) continue;
    accepted.push(...es.map((e) => ({ start: e.start, end: e.end, newText: e.newText })));
  }
  return accepted.sort((x, y) => x.start - y.start);
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = '';
  let pos = 0;
  for (const e of [...edits].sort((x, y) => x.start - y.start)) {
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/**
 * Every preferred fix, applied repeatedly (a fix can uncover another, or overlapping fixes wait a
 * round) until none is left or five rounds have run, so applying the result twice changes
 * nothing. The re-checks run through `recheck` (the analysis worker). Returns the edits against
 * the original text: the first round's edits when one round sufficed, else one edit spanning the
 * changed region.
 */
export async function fixAllEdits(
  a: Analysis,
  recheck: (text: string) => Promise<readonly Finding[] | undefined>,
  token?: CancellationToken,
): Promise<TextEdit[]> {
  let edits = preferredEdits(a.findings, a.analysedLength).filter((e) => a.text.slice(e.start, e.end) !== e.newText);
  if (edits.length === 0) return [];
  const first = edits;
  let text = applyEdits(a.text, edits);
  let rounds = 1;
  for (; rounds < 5; rounds++) {
    if (token?.isCancellationRequested) return [];
    // Only the analysed prefix is checked (documents over maxDocumentSize).
    const limit = a.analysedLength + (text.length - a.text.length);
    const findings = await recheck(text.slice(0, limit));
    if (!findings) break;
    edits = preferredEdits(findings, limit).filter((e) => text.slice(e.start, e.end) !== e.newText);
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
  }
  if (rounds === 1) return first;
  const orig = a.text;
  const p = commonPrefix(orig, text);
  const s = commonSuffix(orig, text, p);
  return [{ start: p, end: orig.length - s, newText: text.slice(p, text.length - s) }];
}

export async function onCodeAction(ctx: Ctx, params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[]> {
  const uri = params?.textDocument?.uri;
  const doc = typeof uri === 'string' ? ctx.documents.get(uri) : undefined;
  if (!doc) return [];
  const only = Array.isArray(params.context?.only) ? params.context.only : undefined;
  const out: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const d of params.context?.diagnostics ?? []) out.push(...quickFixes(doc, d));
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const da = await docAndAnalysis(ctx, uri);
    if (da && da.a.enabled) {
      const a = da.a;
      const edits = await fixAllEdits(
        a,
        async (text) => ctx.engine.check(text, a.kind, a.settings, a.table, ctx.engine.extract(text, a.kind)),
        token,
      );
      if (ctx.documents.get(a.uri)?.version !== a.version) return out; // the document moved on
      if (edits.length) {
        out.push({
          title: 'Fix all Pincite citation problems',
          kind: FIX_ALL_KIND,
          edit: { changes: { [da.doc.uri]: edits.map((e) => ({ range: rangeOf(da.doc, e.start, e.end), newText: e.newText })) } },
        });
      }
    }
  }
  return out;
}
