// Property test: whatever text and whatever (possibly malformed) requests and edits a client
// sends, the server answers every request and stays up, and its diagnostics track the version.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './lsp-client';

const FRAGMENTS = [
  'Tennessee v. Garner, 471 U.S. 1, 7 (1985). ',
  'Id. at 11. ',
  'id. ',
  'Garner, 471 U.S. at p. 8–9. ',
  'Scott v. Harris, 550 U.S. 372, 378 – 81 (2007). ',
  '42 U.S.C. §1983 ',
  'Fed. R. Civ. P. 56(a). ',
  'U.S. Const. amend. IV. ',
  'See, e.g., ',
  'supra ',
  '(quoting ',
  '(7th Cir. 2019)',
  '10 F.4th 725, 734 ',
  '\n',
  '\r\n',
  '\r',
  '*',
  '_',
  '\\emph{',
  '}',
  '—',
  '’',
  '\u0000',
  '\ud83d\ude00',
  '\ud800',
  '    ',
  'No. 20-1754   12\n',
];

const textArb = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 60 }).map((xs) => xs.join(''));
const posArb = fc.record({ line: fc.integer({ min: -2, max: 40 }), character: fc.integer({ min: -2, max: 400 }) });

type Op =
  | { kind: 'edit'; start: { line: number; character: number }; end: { line: number; character: number }; text: string }
  | { kind: 'request'; method: string; position: { line: number; character: number } };

const METHODS = [
  'textDocument/hover',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentSymbol',
  'textDocument/documentLink',
  'documentLink/resolve',
  'textDocument/completion',
  'textDocument/codeAction',
  'pincite/authorityAt',
];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), start: posArb, end: posArb, text: textArb }),
  fc.record({ kind: fc.constant('request' as const), method: fc.constantFrom(...METHODS), position: posArb }),
);

describe('language server: fuzzed traffic', function () {
  this.timeout(120000);
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
  });
  after(async () => {
    await c?.stop();
  });

  it('answers every request and keeps diagnostics in step with the version', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(textArb, fc.constantFrom('markdown', 'plaintext', 'latex', 'brief'), fc.array(opArb, { maxLength: 12 }), async (text, lang, ops) => {
        const uri = `file:///fuzz/${n++}.txt`;
        await c.open(uri, text, lang);
        for (const op of ops) {
          if (op.kind === 'edit') {
            await c.change(uri, [{ range: { start: op.start, end: op.end }, text: op.text }]);
            continue;
          }
          const td = { uri };
          const params =
            op.method === 'pincite/authorityAt'
              ? { uri, position: op.position }
              : op.method === 'documentLink/resolve'
                ? { range: { start: op.position, end: op.position }, data: op.position.line }
              : op.method === 'textDocument/codeAction'
                ? { textDocument: td, range: { start: op.position, end: op.position }, context: { diagnostics: [], only: ['quickfix', 'source.fixAll.pincite'] } }
                : op.method === 'textDocument/references'
                  ? { textDocument: td, position: op.position, context: { includeDeclaration: true } }
                  : { textDocument: td, position: op.position };
          const r = await c.request<unknown>(op.method, params);
          assert.ok(r === null || typeof r === 'object', `${op.method} answered ${String(r)}`);
        }
        const d = await c.diagnostics(uri, 20000);
        assert.ok(Array.isArray(d.diagnostics));
        await c.close(uri);
      }),
      { numRuns: 100 },
    );
    assert.equal(c.exited, false);
    const failures = c.logs.filter((l) => /failed/.test(l));
    assert.deepEqual(failures, [], 'no handler threw');
    assert.ok(!c.logs.some((l) => /uncaught|unhandled/i.test(l)), c.logs.filter((l) => /uncaught|unhandled/i.test(l)).join('\n'));
  });

  it('after random edits anywhere in a long brief, publishes what a fresh open of the same text gets', async () => {
    const opinion = fs.readFileSync(path.join(__dirname, '../../server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
    const editArb = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      len: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3000 })),
      text: textArb,
      backwards: fc.boolean(),
    });
    const strip = (ds: Diagnostic[]) => ds.map((d) => ({ ...d, relatedInformation: d.relatedInformation?.map((r) => ({ ...r, location: { ...r.location, uri: '' } })) }));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('markdown', 'plaintext', 'latex'), fc.array(editArb, { minLength: 1, maxLength: 8 }), fc.boolean(), async (lang, edits, together) => {
        const uri = `file:///fuzz/long-${n++}.txt`;
        let mirror = TextDocument.create(uri, lang, 1, opinion);
        await c.open(uri, opinion, lang);
        await c.diagnostics(uri, 20000);
        const sent: Promise<number>[] = [];
        for (const e of edits) {
          const t = mirror.getText();
          const a = Math.floor(e.at * t.length);
          const b = Math.min(t.length, a + e.len);
          const range = e.backwards ? { start: mirror.positionAt(b), end: mirror.positionAt(a) } : { start: mirror.positionAt(a), end: mirror.positionAt(b) };
          mirror = TextDocument.update(mirror, [{ range, text: e.text }], mirror.version + 1);
          const p = c.change(uri, [{ range, text: e.text }]);
          if (together) sent.push(p);
          else await p;
        }
        await Promise.all(sent);
        const got = await c.diagnostics(uri, 20000);
        const fresh = `file:///fuzz/fresh-${n}.txt`;
        await c.open(fresh, mirror.getText(), lang);
        const want = await c.diagnostics(fresh, 20000);
        assert.deepEqual(strip(got.diagnostics), strip(want.diagnostics));
        await c.close(uri);
        await c.close(fresh);
      }),
      { numRuns: 30, seed: 4242 },
    );
    assert.equal(c.exited, false);
  });
});
