// End-to-end tests of the language server over stdio: every feature, settings, the user
// authorities file, and malformed / out-of-order traffic.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CancellationTokenSource,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  type DocumentLink,
  type DocumentSymbol,
  type Hover,
  type Location,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { at, fixture, LspClient, pos } from './lsp-client';
import { AuthorityTable } from '../../server/src/engine/table';

const URI = 'file:///brief/argument.md';

function md(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as MarkupContent).value;
}

function offsetOf(text: string, p: { line: number; character: number }): number {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  let off = 0;
  for (let i = 0; i < p.line; i++) off += lines[i]!.length;
  return off + p.character;
}

function applyTextEdits(text: string, edits: TextEdit[]): string {
  const abs = edits.map((e) => ({ s: offsetOf(text, e.range.start), e: offsetOf(text, e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of abs) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

function byCode(ds: Diagnostic[], code: string): Diagnostic {
  const d = ds.find((x) => x.code === code);
  assert.ok(d, `expected a ${code} diagnostic; got ${ds.map((x) => x.code).join(', ')}`);
  return d;
}

describe('language server', function () {
  let c: LspClient;
  const text = fixture('brief.md');

  before(async () => {
    c = await LspClient.start({ settings: {} });
    await c.open(URI, text);
  });
  after(async () => {
    await c?.stop();
  });

  it('advertises its features', () => {
    const caps = c.initializeResult.capabilities;
    assert.equal(caps.textDocumentSync && typeof caps.textDocumentSync === 'object' ? caps.textDocumentSync.change : undefined, 2);
    for (const k of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'documentLinkProvider', 'codeActionProvider', 'completionProvider'] as const) {
      assert.ok(caps[k], k);
    }
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('source.fixAll.pincite'));
    assert.equal(caps.diagnosticProvider, undefined, 'push mode when the client does not pull');
  });

  it('publishes diagnostics with code, documentation link, source, fix data and related information', async () => {
    const { diagnostics } = await c.diagnostics(URI);
    const prefix = byCode(diagnostics, 'pin-page-prefix');
    assert.equal(prefix.source, 'pincite');
    // The rule's section of the README shipped beside the server (a link that works offline).
    const href = new URL(prefix.codeDescription?.href ?? 'none:');
    assert.equal(href.protocol, 'file:');
    assert.equal(href.hash, '#rule-pin-page-prefix');
    assert.ok(fs.readFileSync(fileURLToPath(href), 'utf8').includes('<a id="rule-pin-page-prefix"></a>'), 'the README has that section');
    assert.deepEqual(prefix.range.start, pos(text, at(text, 'p. 11')));
    assert.ok(prefix.data && typeof prefix.data === 'object');
    assert.equal(prefix.relatedInformation, undefined, 'a formatting problem needs no antecedent');
    const missingAt = byCode(diagnostics, 'short-missing-at');
    const rel = missingAt.relatedInformation?.[0];
    assert.ok(rel, 'short form problem points at its antecedent');
    assert.equal(rel.location.uri, URI);
    assert.deepEqual(rel.location.range.start, pos(text, at(text, 'Graham v. Connor')));
    assert.equal(byCode(diagnostics, 'not-in-table').severity, 3);
  });

  it('sends pincite/status after analysis', async () => {
    await c.waitFor(() => c.notifications.some((n) => n.method === 'pincite/status' && (n.params as { uri: string }).uri === URI), 'status');
    const st = c.notifications.filter((n) => n.method === 'pincite/status').at(-1)!.params as { uri: string; citations: number; problems: number };
    assert.ok(st.citations >= 9, `citations ${st.citations}`);
    assert.ok(st.problems >= 4, `problems ${st.problems}`);
  });

  it('sends pincite/status again only when the counts change, and anew after a reopen', async () => {
    const uri = 'file:///tmp/pincite-status.md';
    const statuses = () => c.notifications.filter((n) => n.method === 'pincite/status' && (n.params as { uri: string }).uri === uri).map((n) => n.params as { citations: number; problems: number });
    const body = 'See Tennessee v. Garner, 471 U.S. 1, 11 (1985).';
    await c.open(uri, body);
    await c.diagnostics(uri);
    await c.waitFor(() => statuses().length === 1, 'the first status');
    // Text that adds no citation: the counts stay, so no status.
    await c.change(uri, [{ range: { start: { line: 0, character: body.length }, end: { line: 0, character: body.length } }, text: ' The court held so.' }]);
    await c.diagnostics(uri);
    // A new citation: one more status. Messages arrive in order, so a status for the edit before
    // would have come first.
    const end = body.length + ' The court held so.'.length;
    await c.change(uri, [{ range: { start: { line: 0, character: end }, end: { line: 0, character: end } }, text: ' Id. at 12.' }]);
    await c.diagnostics(uri);
    await c.waitFor(() => statuses().length >= 2, 'a second status');
    assert.deepEqual(statuses().map((st) => st.citations), [1, 2]);
    await c.close(uri);
    await c.open(uri, body);
    await c.diagnostics(uri);
    await c.waitFor(() => statuses().length === 3, 'a status after reopening');
    assert.equal(statuses()[2]!.citations, 1);
    await c.close(uri);
  });

  it('hovers a full citation: name, correct citation, court and year, holding, use in the opinion, source', async () => {
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: pos(text, at(text, 'Garner, 471', 3)) });
    const m = md(h);
    assert.match(m, /\*Tennessee v\. Garner\*, 471 U\.S\. 1, 7 \(1985\)/);
    assert.match(m, /Supreme Court of the United States, 1985/);
    assert.match(m, /\*\*Holding\.\*\* .*deadly force/i);
    assert.match(m, /slip op\. at \d+/);
    assert.match(m, /\[Source\]\(https:\/\/www\.courtlistener\.com\/c\/U\.S\.\/471\/1\/\)/);
    // Also on the pin and the year: any part of the citation.
    const h2 = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: pos(text, at(text, '(1985)', 2)) });
    assert.match(md(h2), /Tennessee v\. Garner/);
  });

  it('hovers id. and a short form with what they resolved to and where', async () => {
    const graham = pos(text, at(text, 'Graham v. Connor'));
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: pos(text, at(text, 'Id. at 397', 1)) });
    assert.match(md(h), new RegExp(`^\\*Id\\.\\* → \\*Graham v\\. Connor\\*, 490 U\\.S\\. 386 \\(1989\\), cited on line ${graham.line + 1}`));
    const s = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: pos(text, at(text, 'Garner, 471 U.S. at')) });
    assert.match(md(s), /→ \*Tennessee v\. Garner\*, 471 U\.S\. 1 \(1985\), cited on line 5/);
    assert.match(md(s), /at 11/, 'the use nearest pin 11');
  });

  it('hovers an authority not in the table as parsed but not verified', async () => {
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: pos(text, at(text, 'Doe v. Roe', 2)) });
    const m = md(h);
    assert.match(m, /Not verified/);
    assert.match(m, /123 F\.3d 456/);
    assert.match(m, /9th Cir\./);
  });

  it('returns no hover away from citations', async () => {
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } });
    assert.equal(h, null);
  });

  it('links every citation of a known authority to its source, the target filled in on resolve', async () => {
    const links = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: URI } });
    assert.ok(links.length > 0);
    assert.ok(links.every((l) => l.target === undefined && typeof l.data === 'number'), 'targets are left to documentLink/resolve');
    // vscode-languageclient sends a link's data back only when it is truthy.
    assert.ok(links.every((l) => !!l.data), 'every link carries truthy data');
    const resolved = await Promise.all(links.map((l) => c.request<DocumentLink>('documentLink/resolve', l)));
    const targets = resolved.map((l) => l.target);
    assert.ok(targets.filter((t) => t === 'https://www.courtlistener.com/c/U.S./471/1/').length >= 2, 'full and short Garner');
    assert.ok(targets.every((t) => typeof t === 'string'), 'every link resolves');
    assert.ok(!targets.some((t) => t?.includes('/123/')), 'no link for an unknown case');
    const g = resolved.find((l) => l.target === 'https://www.courtlistener.com/c/U.S./471/1/')!;
    assert.deepEqual(g.range.start, pos(text, at(text, '471 U.S. 1')));
    assert.equal(g.tooltip, 'Open Tennessee v. Garner');
    // Id. refers back to Graham: no link of its own, so Ctrl+click there is go-to-definition, which
    // reaches the antecedent; its hover still carries the source link.
    const idAt = at(text, 'Id. at 397');
    const idStart = pos(text, idAt);
    assert.ok(!links.some((l) => l.range.start.line === idStart.line && l.range.start.character <= idStart.character && l.range.end.character > idStart.character), 'no link on Id.');
    const defs = await c.request<Location[]>('textDocument/definition', { textDocument: { uri: URI }, position: idStart });
    const graham = pos(text, at(text, 'Graham v. Connor'));
    assert.ok(defs?.some((d) => d.uri === URI && d.range.start.line === graham.line && d.range.start.character === graham.character), 'definition reaches the antecedent');
    assert.match(md(await c.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: idStart })), /\[Source\]\(https:\/\/www\.courtlistener\.com\/c\/U\.S\.\/490\/386\/\)/);
  });

  const GARNER_BODY = 'See Tennessee v. Garner, 471 U.S. 1, 11 (1985).\n';
  const GARNER_SOURCE = 'https://www.courtlistener.com/c/U.S./471/1/';
  /** Opens a document holding one citation of Garner; its one link. */
  async function openGarner(uri: string): Promise<DocumentLink> {
    await c.open(uri, GARNER_BODY);
    const [link] = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.ok(link);
    return link;
  }
  const resolveLink = (link: DocumentLink) => c.request<DocumentLink>('documentLink/resolve', link);

  it('resolves a link made for an older version by its range, and returns a link it cannot place as it came', async () => {
    const uri = 'file:///r/links-stale.md';
    const link = await openGarner(uri);
    // An edit after the cite keeps its range: the old link still resolves.
    await c.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'More text.\n' }]);
    assert.equal((await resolveLink(link)).target, GARNER_SOURCE);
    // An edit before it moves the cite: the old range covers no link any more.
    await c.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Plainly, ' }]);
    const moved = await resolveLink(link);
    assert.equal(moved.target, undefined);
    assert.deepEqual(moved.range, link.range);
    for (const data of [undefined, 'x', [1, 2], 0.5, 99999, -1, 0, null]) {
      const r = await resolveLink({ range: link.range, data });
      assert.equal(r.target, undefined, JSON.stringify(data));
      assert.deepEqual(r.range, link.range);
    }
    await c.close(uri);
  });

  it("drops a closed document's link id: its old links come back unresolved, a reopen gets a new id", async () => {
    const uri = 'file:///r/links-closed.md';
    const before = await openGarner(uri);
    assert.equal((await resolveLink(before)).target, GARNER_SOURCE);
    await c.close(uri);
    assert.equal((await resolveLink(before)).target, undefined, 'closed: not resolved');
    const after = await openGarner(uri);
    assert.notEqual(after.data, before.data, 'a new id after the reopen');
    assert.equal((await resolveLink(before)).target, undefined, 'the old id stays dead');
    assert.equal((await resolveLink(after)).target, GARNER_SOURCE);
    await c.close(uri);
  });

  it('goes to the opinion passage citing the authority at the nearest pin, and to the antecedent', async () => {
    const opinion = (await c.request<{ text: string }>('pincite/opinionText', {})).text;
    assert.match(opinion, /No\. 20-1754/);
    const defs = await c.request<Location[]>('textDocument/definition', { textDocument: { uri: URI }, position: pos(text, at(text, 'Garner, 471 U.S. at', 2)) });
    assert.equal(defs.length, 2);
    assert.equal(defs[0]!.uri, AuthorityTable.bundled().opinion.uri);
    assert.match(defs[0]!.uri, /^pincite-opinion:/);
    const cited = opinion.slice(offsetOf(opinion, defs[0]!.range.start), offsetOf(opinion, defs[0]!.range.end)).replace(/\s+/g, ' ');
    assert.match(cited, /Garner, 471 U\.S\. at 11/);
    assert.equal(defs[1]!.uri, URI);
    assert.deepEqual(defs[1]!.range.start, pos(text, at(text, 'Tennessee v. Garner')));
    const full = await c.request<Location[]>('textDocument/definition', { textDocument: { uri: URI }, position: pos(text, at(text, 'Tennessee v. Garner', 1)) });
    assert.equal(full.length, 1);
    const fullText = opinion.slice(offsetOf(opinion, full[0]!.range.start), offsetOf(opinion, full[0]!.range.end)).replace(/\s+/g, ' ');
    assert.match(fullText, /471 U\.S\. 1 ?, 7/);
  });

  it('offers quick fixes rebuilt from the diagnostic, preferred where the fix is', async () => {
    const { diagnostics } = await c.diagnostics(URI);
    const d = byCode(diagnostics, 'pin-page-prefix');
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [d] } });
    assert.equal(actions.length, 1);
    const a = actions[0]!;
    assert.equal(a.kind, 'quickfix');
    assert.equal(a.isPreferred, true);
    const fixed = applyTextEdits(text, a.edit!.changes![URI]!);
    assert.ok(fixed.includes('Garner, 471 U.S. at 11.'));
    // A diagnostic whose text no longer matches gives no fix rather than a wrong one.
    const moved = { ...d, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } };
    const none = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: moved.range, context: { diagnostics: [moved] } });
    assert.deepEqual(none, []);
  });

  it('fix-all applies every preferred fix at once, and a second run changes nothing', async () => {
    const uri = 'file:///brief/fixall.md';
    await c.open(uri, text);
    await c.diagnostics(uri);
    const req = (u: string) =>
      c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: u },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.pincite'] },
      });
    const actions = await req(uri);
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.pincite');
    const fixed = applyTextEdits(text, actions[0]!.edit!.changes![uri]!);
    assert.ok(fixed.includes('Garner, 471 U.S. at 11.'));
    assert.ok(fixed.includes('378–81'));
    assert.ok(fixed.includes('Graham, 490 U.S. at 396'));
    const v = await c.change(uri, [{ text: fixed }]);
    const after = await c.diagnostics(uri);
    assert.equal(after.version, v);
    for (const code of ['pin-page-prefix', 'pin-span-spaced', 'short-missing-at']) assert.ok(!after.diagnostics.some((x) => x.code === code), code);
    assert.deepEqual(await req(uri), [], 'second fix-all has nothing to do');
    // `source` also asks for it; a plain quick-fix request does not.
    const src = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    assert.equal(src.length, 1);
    await c.close(uri);
  });

  it('fix-all on the whole opinion is idempotent', async () => {
    const uri = 'file:///brief/opinion.txt';
    const opinion = (await c.request<{ text: string }>('pincite/opinionText', {})).text;
    await c.open(uri, opinion, 'plaintext');
    const fixAll = () =>
      c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
    const first = await fixAll();
    assert.equal(first.length, 1, 'the opinion has fixable problems');
    const fixed = applyTextEdits(opinion, first[0]!.edit!.changes![uri]!);
    assert.notEqual(fixed, opinion);
    await c.change(uri, [{ text: fixed }]);
    await c.diagnostics(uri);
    assert.deepEqual(await fixAll(), [], 'nothing left to fix');
    await c.close(uri);
  });

  it('finds references to the same authority in this brief and other open briefs', async () => {
    const other = 'file:///brief/reply.txt';
    const otherText = 'Deadly force is a seizure. Tennessee v. Garner, 471 U.S. 1, 7 (1985). Id. at 11.\n';
    await c.open(other, otherText, 'plaintext');
    const refs = await c.request<Location[]>('textDocument/references', {
      textDocument: { uri: URI },
      position: pos(text, at(text, 'Garner, 471 U.S. at')),
      context: { includeDeclaration: true },
    });
    const here = refs.filter((r) => r.uri === URI).map((r) => r.range.start);
    assert.deepEqual(here, [pos(text, at(text, 'Tennessee v. Garner')), pos(text, at(text, 'Garner, 471 U.S. at'))]);
    const there = refs.filter((r) => r.uri === other).map((r) => r.range.start);
    assert.deepEqual(there, [pos(otherText, at(otherText, 'Tennessee')), pos(otherText, at(otherText, 'Id.'))]);
    await c.close(other);
  });

  it('lists the authorities cited, grouped Cases / Statutes / Other', async () => {
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(syms.map((s) => s.name), ['Cases', 'Statutes']);
    const cases = syms[0]!.children!.map((s) => s.name);
    assert.deepEqual(cases, ['Tennessee v. Garner', 'Graham v. Connor', 'Pearson v. Callahan', 'Scott v. Harris', 'Doe v. Roe', 'Smith v. Finkley']);
    assert.match(syms[0]!.children![0]!.detail!, /2 citations/);
    assert.deepEqual(syms[1]!.children!.map((s) => s.name), ['42 U.S.C. § 1983']);
  });

  it('completes a case name, id. and a reporter, with the short form after the first full citation', async () => {
    const uri = 'file:///brief/completion.md';
    const body = 'Force is a seizure. Tennessee v. Gar';
    await c.open(uri, body);
    const list = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: pos(body, body.length) });
    const garner = list.items.find((i) => i.label === 'Tennessee v. Garner');
    assert.ok(garner, 'Tennessee v. Garner offered');
    const edit = garner.textEdit as TextEdit;
    assert.equal(edit.newText, 'Tennessee v. Garner, 471 U.S. 1 (1985)');
    assert.deepEqual(edit.range.start, pos(body, at(body, 'Tennessee')));

    const body2 = 'Force is a seizure. Tennessee v. Garner, 471 U.S. 1, 7 (1985). Officers may shoot. Garn';
    await c.change(uri, [{ text: body2 }]);
    const list2 = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: pos(body2, body2.length) });
    const short = list2.items.find((i) => i.label === 'Tennessee v. Garner');
    assert.equal((short?.textEdit as TextEdit).newText, 'Garner, 471 U.S. at ');

    const body3 = `${body2.slice(0, -4)}Id`;
    await c.change(uri, [{ text: body3 }]);
    const list3 = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: pos(body3, body3.length) });
    const id = list3.items.find((i) => i.label === 'Id. at');
    assert.ok(id, 'Id. at offered');
    assert.match(id.detail ?? '', /Tennessee v\. Garner/);

    const body4 = 'The standard is settled. 490 U.S';
    await c.change(uri, [{ text: body4 }]);
    const list4 = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: pos(body4, body4.length) });
    const rep = list4.items.find((i) => (i.textEdit as TextEdit).newText === 'Graham v. Connor, 490 U.S. 386 (1989)');
    assert.ok(rep, `reporter completion; got ${list4.items.map((i) => (i.textEdit as TextEdit).newText).join(' | ')}`);

    const body5 = 'Smith sued under 42 U.S';
    await c.change(uri, [{ text: body5 }]);
    const list5 = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: pos(body5, body5.length) });
    const st = list5.items.find((i) => i.label === '42 U.S.C. § 1983');
    assert.ok(st, `statute completion; got ${list5.items.map((i) => i.label).join(' | ')}`);
    assert.deepEqual((st.textEdit as TextEdit).range.start, pos(body5, at(body5, '42')));
    await c.close(uri);
  });

  it('answers pincite/authorityAt with the hover markdown, or null off a citation', async () => {
    const r = await c.request<{ markdown: string } | null>('pincite/authorityAt', { uri: URI, position: pos(text, at(text, 'Pearson')) });
    assert.match(r?.markdown ?? '', /\*Pearson v\. Callahan\*, 555 U\.S\. 223, 231 \(2009\)/);
    assert.equal(await c.request('pincite/authorityAt', { uri: URI, position: { line: 0, character: 0 } }), null);
    assert.equal(await c.request('pincite/authorityAt', { uri: 'file:///nope.md', position: { line: 0, character: 0 } }), null);
  });
});

describe('language server: settings and the authorities file', function () {
  let c: LspClient;
  let dir: string;
  const text = fixture('brief.md');

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-lsp-'));
    c = await LspClient.start({ settings: { dashStyle: 'sideways' }, rootDir: dir });
  });
  after(async () => {
    await c?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('warns once about invalid settings and uses the defaults', async () => {
    const uri = 'file:///s/one.md';
    await c.open(uri, text);
    await c.open('file:///s/two.md', text);
    const d = await c.diagnostics(uri);
    assert.ok(d.diagnostics.some((x) => x.code === 'pin-page-prefix'));
    await c.diagnostics('file:///s/two.md');
    const warnings = c.messages.filter((m) => m.type === 2 && /dashStyle/.test(m.message));
    assert.equal(warnings.length, 1, JSON.stringify(c.messages));
    await c.close('file:///s/two.md');
  });

  it('reads settings per document through workspace/configuration and refreshes on change', async () => {
    const uri = 'file:///s/one.md';
    assert.ok(c.configRequests.some((r) => JSON.stringify(r).includes('"scopeUri":"file:///s/one.md"')));
    c.settings = { rules: { 'pin-page-prefix': 'off', 'not-in-table': 'error' } };
    const before = c.published.get(uri)!.length;
    await c.changeConfiguration();
    await c.waitFor(() => c.published.get(uri)!.length > before, 'republish after configuration change');
    const ds = c.published.get(uri)!.at(-1)!.diagnostics;
    assert.ok(!ds.some((x) => x.code === 'pin-page-prefix'));
    assert.equal(byCode(ds, 'not-in-table').severity, 1);
    c.settings = { enable: false };
    const n = c.published.get(uri)!.length;
    await c.changeConfiguration();
    await c.waitFor(() => c.published.get(uri)!.length > n, 'republish when disabled');
    assert.deepEqual(c.published.get(uri)!.at(-1)!.diagnostics, []);
    c.settings = {};
    await c.changeConfiguration();
  });

  it('keeps the analyses when a configuration notification changes nothing (the client sends one as it registers)', async () => {
    const uri = 'file:///s/one.md';
    const last = () => c.published.get(uri)!.at(-1)!.diagnostics;
    const settle = () => new Promise((r) => setTimeout(r, 300));
    c.settings = { rules: { 'pin-page-prefix': 'off' } };
    await c.changeConfiguration();
    await c.waitFor(() => !last().some((x) => x.code === 'pin-page-prefix'), 'republish without pin-page-prefix');
    await settle();
    const reads = c.configRequests.length;
    const before = c.published.get(uri)!.length;
    await c.changeConfiguration();
    await c.changeConfiguration();
    await c.waitFor(() => c.configRequests.length >= reads + 2, 'settings read again');
    await settle();
    assert.equal(c.published.get(uri)!.length, before, 'not published again: nothing changed');
    c.settings = {};
    await c.changeConfiguration();
    await c.waitFor(() => last().some((x) => x.code === 'pin-page-prefix'), 'republish after the real change');
    await settle();
    assert.equal(c.published.get(uri)!.length, before + 1, 'published once, for the notification that changed something');
  });

  it('analyses only the prefix of a document over maxDocumentSize and says so once', async () => {
    c.settings = { maxDocumentSize: 10000 };
    await c.changeConfiguration();
    const uri = 'file:///s/big.md';
    const big = `${text}\n${'Filler sentence without citations. '.repeat(400)}\nSee Doe v. Roe, 123 F.3d 456, 460 (9th Cir. 1997).\n`;
    await c.open(uri, big);
    const { diagnostics } = await c.diagnostics(uri);
    const partial = diagnostics.filter((d) => d.code === 'partial-analysis');
    assert.equal(partial.length, 1);
    assert.equal(partial[0]!.severity, 3);
    assert.match(partial[0]!.message as string, /partial/);
    assert.equal(diagnostics.filter((d) => d.code === 'not-in-table').length, 1, 'the Doe v. Roe past the limit is not analysed');
    c.settings = {};
    await c.changeConfiguration();
    await c.close(uri);
  });

  it('publishes a diagnostic on an invalid authorities file and keeps the bundled table', async () => {
    const file = path.join(dir, '.pincite', 'authorities.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ "authorities": [ { "id": "doe-v-roe", "type": "case", "name": 7 } ] }');
    const fileUri = `file://${file}`;
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri, type: FileChangeType.Created }] });
    await c.waitFor(() => (c.published.get(fileUri) ?? []).some((p) => p.diagnostics.length > 0), 'authorities file diagnostic');
    const d = c.published.get(fileUri)!.at(-1)!.diagnostics[0]!;
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'pincite');
    assert.ok(d.range.start.character > 0, 'placed on the offending entry');
    const ds = (await c.diagnostics('file:///s/one.md')).diagnostics;
    assert.ok(ds.some((x) => x.code === 'not-in-table'), 'bundled table still in use');
  });

  it('places a JSON syntax error in the authorities file where the JSON breaks', async () => {
    const file = path.join(dir, '.pincite', 'authorities.json');
    const fileUri = `file://${file}`;
    fs.writeFileSync(file, '{ "authorities": [ }');
    const n = (c.published.get(fileUri) ?? []).length;
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri, type: FileChangeType.Changed }] });
    await c.waitFor(() => (c.published.get(fileUri) ?? []).length > n, 'syntax error diagnostic');
    const ds = c.published.get(fileUri)!.at(-1)!.diagnostics;
    assert.equal(ds.length, 1);
    assert.deepEqual(ds[0]!.range.start, { line: 0, character: 19 });
    assert.match(String(ds[0]!.message), /not valid JSON.*bundled table/);
  });

  it('merges a valid authorities file over the bundled table, on a watched-file change', async () => {
    const file = path.join(dir, '.pincite', 'authorities.json');
    const fileUri = `file://${file}`;
    fs.writeFileSync(
      file,
      JSON.stringify({
        authorities: [
          {
            id: 'doe-v-roe',
            type: 'case',
            name: 'Doe v. Roe',
            cites: [{ volume: 123, reporter: 'F.3d', page: 456 }],
            court: '9th Cir.',
            courtName: 'United States Court of Appeals for the Ninth Circuit',
            year: 1997,
            holding: 'A holding from the user file.',
          },
        ],
      }),
    );
    const uri = 'file:///s/one.md';
    const n = c.published.get(uri)!.length;
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri, type: FileChangeType.Changed }] });
    await c.waitFor(() => (c.published.get(fileUri) ?? []).at(-1)?.diagnostics.length === 0, 'file diagnostic cleared');
    await c.waitFor(() => c.published.get(uri)!.length > n && !c.published.get(uri)!.at(-1)!.diagnostics.some((x) => x.code === 'not-in-table'), 're-analysis with merged table');
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos(text, at(text, 'Doe v. Roe')) });
    assert.match(md(h), /A holding from the user file/);
    assert.ok(c.registrations.some((r) => JSON.stringify(r).includes('workspace/didChangeWatchedFiles')), 'file watcher registered');
  });
});

describe('language server: workspace folders', function () {
  let c: LspClient;
  let a: string;
  let b: string;
  before(async () => {
    a = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-a-'));
    b = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-b-'));
    fs.mkdirSync(path.join(b, '.pincite'));
    fs.writeFileSync(
      path.join(b, '.pincite', 'authorities.json'),
      JSON.stringify({ authorities: [{ id: 'doe-v-roe', type: 'case', name: 'Doe v. Roe', cites: [{ volume: 123, reporter: 'F.3d', page: 456 }], court: '9th Cir.', year: 1997, holding: 'From folder b.' }] }),
    );
    c = await LspClient.start({ rootDir: a });
  });
  after(async () => {
    await c?.stop();
    for (const d of [a, b]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('reads the authorities file of the new first folder when folders change', async () => {
    const uri = 'file:///wf/brief.md';
    const text = fixture('brief.md');
    await c.open(uri, text);
    assert.ok((await c.diagnostics(uri)).diagnostics.some((d) => d.code === 'not-in-table'));
    c.folders = [{ uri: `file://${b}`, name: 'b' }];
    const n = c.published.get(uri)!.length;
    await c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: `file://${b}`, name: 'b' }], removed: [{ uri: `file://${a}`, name: 'ws' }] } });
    await c.waitFor(() => c.published.get(uri)!.length > n && !c.published.get(uri)!.at(-1)!.diagnostics.some((d) => d.code === 'not-in-table'), 'the merged table from folder b');
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos(text, at(text, 'Doe v. Roe')) });
    assert.match(md(h), /From folder b/);
  });
});

describe('language server: pull diagnostics', function () {
  let c: LspClient;
  let forced: LspClient | undefined;
  before(async () => {
    c = await LspClient.start({ pull: true });
  });
  after(async () => {
    await c?.stop();
    await forced?.stop();
  });

  it('pushes anyway when initializationOptions ask for push', async () => {
    forced = await LspClient.start({ pull: true, initializationOptions: { diagnostics: 'push' } });
    assert.equal(forced.initializeResult.capabilities.diagnosticProvider, undefined);
    await forced.open('file:///p/forced.md', fixture('brief.md'));
    assert.ok((await forced.diagnostics('file:///p/forced.md')).diagnostics.some((d) => d.code === 'pin-page-prefix'));
  });

  it('answers textDocument/diagnostic for the current version', async () => {
    assert.ok(c.initializeResult.capabilities.diagnosticProvider);
    const uri = 'file:///p/brief.md';
    const text = fixture('brief.md');
    await c.open(uri, text);
    const r = await c.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(r.kind, 'full');
    assert.ok(r.items.some((d) => d.code === 'pin-page-prefix'));
    await c.change(uri, [{ range: { start: pos(text, at(text, 'p. 11')), end: pos(text, at(text, 'p. 11', 3)) }, text: '' }]);
    const r2 = await c.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.ok(!r2.items.some((d) => d.code === 'pin-page-prefix'));
    const none = await c.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: 'file:///p/unknown.md' } });
    assert.deepEqual(none.items, []);
    assert.equal(c.published.get(uri), undefined, 'no pushed diagnostics in pull mode');
    // A settings change asks the client to pull again.
    const before = c.refreshes;
    c.settings = { rules: { 'not-in-table': 'off' } };
    await c.changeConfiguration();
    await c.waitFor(() => c.refreshes > before, 'workspace/diagnostic/refresh');
    const r3 = await c.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.ok(!r3.items.some((d) => d.code === 'not-in-table'));
  });
});

describe('language server: transports', function () {
  let c: LspClient | undefined;
  after(async () => {
    await c?.stop();
  });

  it('also speaks Node IPC, as the VS Code client starts it', async () => {
    c = await LspClient.start({ ipc: true });
    const text = fixture('brief.md');
    await c.open('file:///ipc/brief.md', text);
    const { diagnostics } = await c.diagnostics('file:///ipc/brief.md');
    assert.ok(diagnostics.some((d) => d.code === 'pin-page-prefix'));
  });
});

describe('language server: robustness', function () {
  let c: LspClient;
  const text = fixture('brief.md');
  before(async () => {
    c = await LspClient.start();
  });
  after(async () => {
    await c?.stop();
  });

  it('clamps positions past the end and ignores unknown URIs', async () => {
    const uri = 'file:///r/a.md';
    await c.open(uri, text);
    await c.diagnostics(uri);
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 10000, character: 5 } });
    assert.equal(h, null);
    const far = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: pos(text, at(text, 'Pearson')).line, character: 100000 } });
    assert.match(md(far), /Scott v\. Harris/, 'past the end of a line clamps to its end, inside the citation that ends the line');
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 100000 } }), null);
    const neg = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: -3, character: -1 } });
    assert.equal(neg, null);
    for (const m of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion']) {
      assert.equal(await c.request(m, { textDocument: { uri: 'file:///nope.md' }, position: { line: 0, character: 0 } }), null, m);
    }
    for (const m of ['textDocument/documentLink', 'textDocument/documentSymbol']) {
      assert.deepEqual(await c.request(m, { textDocument: { uri: 'file:///nope.md' } }), [], m);
    }
    assert.deepEqual(await c.request('textDocument/references', { textDocument: { uri: 'file:///nope.md' }, position: { line: 0, character: 0 }, context: { includeDeclaration: true } }), []);
    assert.deepEqual(await c.request('textDocument/codeAction', { textDocument: { uri: 'file:///nope.md' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), []);
  });

  it('survives malformed params and garbage diagnostics data', async () => {
    const uri = 'file:///r/a.md';
    assert.equal(await c.request('textDocument/hover', {}), null);
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri } }), null);
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position: 'x' }), null);
    assert.equal(await c.request('pincite/authorityAt', null), null);
    const bad = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'pincite', data: { pincite: 1, fixes: [{ title: 't', edits: [{ delta: 'q', old: 5 }] }, null] } };
    const r = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: bad.range, context: { diagnostics: [bad, null] } });
    assert.ok(Array.isArray(r));
    // Still alive and answering.
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos(text, at(text, 'Pearson')) });
    assert.match(md(h), /Pearson/);
  });

  it('ignores changes to a closed document and keeps serving', async () => {
    const uri = 'file:///r/closed.md';
    await c.open(uri, text);
    await c.diagnostics(uri);
    await c.close(uri);
    await c.waitFor(() => c.published.get(uri)!.at(-1)!.diagnostics.length === 0, 'diagnostics cleared on close');
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.md', version: 2 }, contentChanges: [{ text: 'x' }] });
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///r/a.md' } });
    assert.ok(syms.length > 0);
    assert.equal(c.exited, false);
  });

  it('copes with out-of-order document traffic: close of an unknown document, a second open, an older version', async () => {
    await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///r/unknown.md' } });
    const uri = 'file:///r/twice.md';
    await c.open(uri, 'Nothing here.', 'markdown', 5);
    await c.open(uri, text, 'markdown', 6);
    const d = await c.diagnostics(uri);
    assert.ok(d.diagnostics.some((x) => x.code === 'pin-page-prefix'), 'the second open wins');
    // A change whose version goes backwards is still applied to the text the server holds.
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'Still nothing.' }] });
    await c.waitFor(() => c.published.get(uri)!.some((p) => p.version === 3), 'diagnostics for version 3');
    assert.deepEqual(c.published.get(uri)!.find((p) => p.version === 3)!.diagnostics, []);
    await c.close(uri);
  });

  it('honours cancellation', async () => {
    const uri = 'file:///r/a.md';
    const src = new CancellationTokenSource();
    const p = c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }, src);
    src.cancel();
    try {
      const r = await p;
      assert.ok(Array.isArray(r), 'a result that raced the cancellation is still well-formed');
    } catch (err) {
      assert.equal((err as { code?: number }).code, LSPErrorCodes.RequestCancelled);
    }
    const again = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(again.length > 0);
  });

  it('answers a request sent right after didOpen, before any analysis was published', async () => {
    const uri = 'file:///r/early.md';
    await c.open(uri, text);
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos(text, at(text, 'Pearson')) });
    assert.match(md(h), /Pearson v\. Callahan/);
    await c.close(uri);
  });

  it('checks LaTeX and `brief` documents, and leaves other languages alone', async () => {
    const tex = 'Deadly force is a seizure. \\emph{Tennessee v. Garner}, 471 U.S. 1, 7 (1985). \\emph{Garner}, 471 U.S. at p. 11.\n';
    await c.open('file:///r/a.tex', tex, 'latex');
    const t = await c.diagnostics('file:///r/a.tex');
    assert.ok(t.diagnostics.some((d) => d.code === 'pin-page-prefix'), JSON.stringify(t.diagnostics));
    await c.open('file:///r/a.brief', text, 'brief');
    assert.ok((await c.diagnostics('file:///r/a.brief')).diagnostics.some((d) => d.code === 'pin-page-prefix'));
    await c.open('file:///r/a.js', text, 'javascript');
    assert.deepEqual((await c.diagnostics('file:///r/a.js')).diagnostics, []);
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: 'file:///r/a.js' }, position: pos(text, at(text, 'Pearson')) }), null);
    for (const u of ['file:///r/a.tex', 'file:///r/a.brief', 'file:///r/a.js']) await c.close(u);
  });

  for (const [name, eol] of [['CRLF', '\r\n'], ['CR', '\r']] as const) {
    it(`maps offsets correctly with ${name} line endings`, async () => {
      const uri = `file:///r/${name}.md`;
      const t = text.replace(/\n/g, eol);
      await c.open(uri, t);
      const { diagnostics } = await c.diagnostics(uri);
      const d = byCode(diagnostics, 'pin-page-prefix');
      assert.deepEqual(d.range.start, pos(t, at(t, 'p. 11')));
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos(t, at(t, 'Pearson')) });
      assert.match(md(h), /Pearson v\. Callahan/);
      await c.close(uri);
    });
  }

  it('after a burst of incremental edits, publishes what a fresh open of the same text gets', async () => {
    const uri = 'file:///r/burst.md';
    let cur = text;
    await c.open(uri, cur);
    await c.diagnostics(uri);
    // Type a new paragraph one character at a time at the end (sent as fast as the client can,
    // without waiting for each write), then fix a pin in the middle.
    const addition = '\nSee Graham v. Connor, 490 U.S. 386, 396 – 97 (1989); id. at p. 399.\n';
    const sent: Promise<number>[] = [];
    for (const ch of addition) {
      const p = pos(cur, cur.length);
      cur += ch;
      sent.push(c.change(uri, [{ range: { start: p, end: p }, text: ch }]));
    }
    await Promise.all(sent);
    const s = at(cur, 'p. 11');
    const e1 = { range: { start: pos(cur, s), end: pos(cur, s + 3) }, text: '' };
    cur = cur.slice(0, s) + cur.slice(s + 3);
    const ins = at(cur, 'Pearson');
    const e2 = { range: { start: pos(cur, ins), end: pos(cur, ins) }, text: 'Cf. ' };
    // Two edits in one change event, applied in order.
    await c.change(uri, [e1, e2]);
    cur = cur.slice(0, ins) + 'Cf. ' + cur.slice(ins);
    const burst = await c.diagnostics(uri);
    const fresh = 'file:///r/fresh.md';
    await c.open(fresh, cur);
    const ref = await c.diagnostics(fresh);
    const strip = (ds: Diagnostic[]) => ds.map((d) => ({ ...d, relatedInformation: d.relatedInformation?.map((r) => ({ ...r, location: { ...r.location, uri: '' } })) }));
    assert.deepEqual(strip(burst.diagnostics), strip(ref.diagnostics));
    assert.ok(burst.diagnostics.length > 0);
    const pubs = c.published.get(uri)!.length;
    assert.ok(pubs < addition.length, `a burst is coalesced (${pubs} publishes for ${addition.length + 1} edits)`);
  });
});

describe('language server: a document with more problems than an editor shows', function () {
  this.timeout(60000);
  let c: LspClient | undefined;
  after(async () => {
    await c?.stop();
  });

  it('publishes the most severe, in document order, and one notice of how many more there are', async () => {
    c = await LspClient.start({ settings: { dashStyle: 'en-dash' } });
    // 1,200 warnings (hyphens where en dashes are asked for), then one error at the very end.
    const line = 'Scott v. Harris, 550 U.S. 372, 378-81 (2007).\n';
    const text = line.repeat(1200) + 'Horton v. Pobjecky, 883 F.3d 941 944 (7th Cir. 2018).\n';
    const uri = 'file:///dense/brief.md';
    await c.open(uri, text);
    const { diagnostics } = await c.diagnostics(uri, 30000);
    await c.waitFor(() => c!.notifications.some((n) => n.method === 'pincite/status' && (n.params as { uri: string }).uri === uri), 'status');
    const status = c.notifications.filter((n) => n.method === 'pincite/status' && (n.params as { uri: string }).uri === uri).at(-1)!.params as { problems: number };
    assert.ok(status.problems > 1200, `problems counted: ${status.problems}`);
    assert.equal(diagnostics.length, 1000, 'at most 1,000 published');
    const more = diagnostics.filter((d) => d.code === 'more-problems');
    assert.equal(more.length, 1);
    assert.equal(more[0]!.severity, 3);
    assert.deepEqual(more[0]!.range.start, { line: 0, character: 0 });
    assert.match(String(more[0]!.message), new RegExp(`found ${status.problems.toLocaleString('en-US')} problems`));
    const shown = diagnostics.filter((d) => d.code !== 'more-problems');
    assert.ok(shown.some((d) => d.code === 'pin-missing-comma' && d.range.start.line === 1200), 'the error at the end is shown');
    assert.ok(shown.every((d) => d.severity! <= 2), 'nothing less severe than a warning while warnings are left out');
    for (let i = 1; i < shown.length; i++) {
      const a = shown[i - 1]!.range.start;
      const b = shown[i]!.range.start;
      assert.ok(a.line < b.line || (a.line === b.line && a.character <= b.character), 'in document order');
    }
  });
});

describe('language server: settings sent with initialize', function () {
  this.timeout(60000);
  let c: LspClient | undefined;
  after(async () => {
    await c?.stop();
  });

  it('analyses a seeded document without asking for its settings, and follows a later change', async () => {
    const seeded = 'file:///seed/a.md';
    const other = 'file:///seed/b.md';
    c = await LspClient.start({ settings: {}, initializationOptions: { diagnostics: 'push', settings: { [seeded]: { rules: { 'pin-page-prefix': 'off' } }, 'not a uri': 7 } } });
    const text = fixture('brief.md');
    await c.open(seeded, text);
    const first = await c.diagnostics(seeded);
    assert.ok(!first.diagnostics.some((d) => d.code === 'pin-page-prefix'), 'the seeded settings were used');
    assert.ok(!c.configRequests.some((r) => JSON.stringify(r).includes(seeded)), 'no settings request for the seeded document');
    await c.open(other, text);
    const second = await c.diagnostics(other);
    assert.ok(second.diagnostics.some((d) => d.code === 'pin-page-prefix'), 'a document not seeded reads its settings');
    assert.ok(c.configRequests.some((r) => JSON.stringify(r).includes(other)));
    // The client's settings say otherwise: a configuration change reads them and redoes the analysis.
    const n = c.published.get(seeded)!.length;
    await c.changeConfiguration();
    await c.waitFor(() => c!.published.get(seeded)!.length > n, 'republish with the settings read');
    assert.ok(c.published.get(seeded)!.at(-1)!.diagnostics.some((d) => d.code === 'pin-page-prefix'));
  });
});
