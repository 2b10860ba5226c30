// Latency of didChange → publishDiagnostics on a ~350 KB brief (three copies of the opinion).
// Printed, not asserted tightly: the assertions only check that diagnostics arrive, for the
// version just sent, within a generous limit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, pos, ROOT } from './lsp-client';
import { extract } from '../../server/src/engine/index';
import { check } from '../../server/src/engine/checks';
import { AuthorityTable } from '../../server/src/engine/table';

describe('language server: latency on a large brief', function () {
  this.timeout(120000);
  let c: LspClient;
  const opinion = fs.readFileSync(path.join(ROOT, 'server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
  const big = [opinion, opinion, opinion].join('\n');
  const uri = 'file:///latency/brief.txt';
  /** The document's text after the edits of the first test. */
  let current = big;

  before(async () => {
    c = await LspClient.start();
  });
  after(async () => {
    await c?.stop();
  });

  it('measures didChange → publishDiagnostics', async () => {
    assert.ok(big.length > 340000, `brief is ${big.length} chars`);
    let t0 = performance.now();
    await c.open(uri, big, 'plaintext');
    const first = await c.diagnostics(uri, 60000);
    const openMs = performance.now() - t0;
    assert.ok(first.diagnostics.length > 0);

    const samples: number[] = [];
    let text = big;
    for (let i = 0; i < 12; i++) {
      // Alternate: insert a character in the middle, then delete it.
      const mid = Math.floor(text.length / 2) + i * 97;
      const p = pos(text, mid);
      const insert = i % 2 === 0;
      const change = insert ? { range: { start: p, end: p }, text: 'x' } : { range: { start: pos(text, mid - 97), end: pos(text, mid - 96) }, text: '' };
      text = insert ? text.slice(0, mid) + 'x' + text.slice(mid) : text.slice(0, mid - 97) + text.slice(mid - 96);
      t0 = performance.now();
      const v = await c.change(uri, [change]);
      const d = await c.diagnostics(uri, 60000);
      samples.push(performance.now() - t0);
      assert.equal(d.version, v);
    }
    current = text;
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)]!;
    const p90 = samples[Math.floor(samples.length * 0.9)]!;
    // For comparison: the engine alone (extract + check) on the same text, in this process.
    const table = { authorities: AuthorityTable.bundled().authorities };
    const engineMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      check(text, 'plaintext', { table, extraction: extract(text, 'plaintext') });
      engineMs.push(performance.now() - t);
    }
    engineMs.sort((a, b) => a - b);
    console.log(
      `      engine alone (extract + check, in-process): median ${engineMs[2]!.toFixed(0)} ms`,
    );
    console.log(
      `      ${(big.length / 1024).toFixed(0)} KB brief, ${first.diagnostics.length} diagnostics: open→publish ${openMs.toFixed(0)} ms; didChange→publish median ${median.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms, max ${samples.at(-1)!.toFixed(0)} ms (${samples.length} edits)`,
    );
    assert.ok(median < 30000);
  });

  it('measures hover, references, symbols and completion on the same brief', async () => {
    const stats = async (name: string, fn: () => Promise<unknown>) => {
      const ts: number[] = [];
      for (let i = 0; i < 8; i++) {
        const t0 = performance.now();
        const r = await fn();
        ts.push(performance.now() - t0);
        assert.ok(r !== undefined);
      }
      ts.sort((a, b) => a - b);
      return `${name} median ${ts[4]!.toFixed(1)} ms`;
    };
    const text = current;
    const p = pos(text, text.lastIndexOf('See Garner,') + 6);
    const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: p });
    assert.match(h?.contents.value ?? '', /Tennessee v\. Garner/);
    const td = { uri };
    const out = [
      await stats('hover', () => c.request('textDocument/hover', { textDocument: td, position: p })),
      await stats('definition', () => c.request('textDocument/definition', { textDocument: td, position: p })),
      await stats('references', () => c.request('textDocument/references', { textDocument: td, position: p, context: { includeDeclaration: true } })),
      await stats('documentSymbol', () => c.request('textDocument/documentSymbol', { textDocument: td })),
      await stats('documentLink', () => c.request('textDocument/documentLink', { textDocument: td })),
      await stats('completion', () => c.request('textDocument/completion', { textDocument: td, position: p })),
    ];
    console.log(`      ${out.join('; ')}`);
  });
});
