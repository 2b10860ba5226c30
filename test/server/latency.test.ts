// Latency of didChange → publishDiagnostics on a ~350 KB brief (three copies of the opinion).
// Printed, not asserted tightly: the assertions only check that diagnostics arrive, for the
// version just sent, within a generous limit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, pos, ROOT } from './lsp-client';

describe('language server: latency on a large brief', function () {
  this.timeout(120000);
  let c: LspClient;
  const opinion = fs.readFileSync(path.join(ROOT, 'server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
  const big = [opinion, opinion, opinion].join('\n');
  const uri = 'file:///latency/brief.txt';

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
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)]!;
    const p90 = samples[Math.floor(samples.length * 0.9)]!;
    console.log(
      `      ${(big.length / 1024).toFixed(0)} KB brief, ${first.diagnostics.length} diagnostics: open→publish ${openMs.toFixed(0)} ms; didChange→publish median ${median.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms, max ${samples.at(-1)!.toFixed(0)} ms (${samples.length} edits)`,
    );
    assert.ok(median < 30000);
  });
});
