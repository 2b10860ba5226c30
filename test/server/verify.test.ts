// The safety net under findings carried over edits: once editing pauses, the analyzer checks the
// current analysis in full and, should the two differ, publishes the full check's findings and
// logs it. Driven through the Analyzer with the real engine, and with one whose carried-over check
// is made wrong on purpose (it drops a finding).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, type Analysis } from '../../server/src/lsp/analysis';
import { createEngine } from '../../server/src/lsp/engine';
import type { Engine } from '../../server/src/lsp/engine-api';
import { check } from '../../server/src/engine/checks';
import { DEFAULT_SETTINGS, type PinciteSettings } from '../../server/src/settings';

const root = path.resolve(__dirname, '../..');
const OPINION = fs.readFileSync(path.join(root, 'server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
const uri = 'file:///verify/brief.md';
const settings: PinciteSettings = { ...DEFAULT_SETTINGS, rules: {} };

function setup(engine: Engine, verifyAfterMs: number, verifyMaxCitations?: number) {
  let doc = TextDocument.create(uri, 'markdown', 1, OPINION);
  const published: Analysis[] = [];
  const logs: string[] = [];
  const analyzer = new Analyzer({
    engine,
    table: () => engine.bundled(),
    document: (u) => (u === uri ? doc : undefined),
    settings: async () => settings,
    cachedSettings: () => settings,
    onAnalysed: (a) => published.push(a),
    log: (m) => logs.push(m),
    verifyAfterMs,
    ...(verifyMaxCitations !== undefined ? { verifyMaxCitations } : {}),
  });
  const type = async (text: string) => {
    const at = doc.getText().indexOf('\n', 20000);
    doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text }], doc.version + 1);
    return analyzer.ensure(uri);
  };
  return { analyzer, published, logs, type, doc: () => doc };
}

const fresh = (text: string) => check(text, 'markdown', { settings, table: { authorities: createEngine().bundled().authorities } });

describe('analyzer: incremental analyses are checked in full once editing pauses', () => {
  it('finds nothing to mend with the real engine', async () => {
    const s = setup(createEngine(), 60_000);
    await s.analyzer.ensure(uri);
    const a = await s.type(' More prose.');
    assert.equal(a!.snapshot!.stats.mode, 'incremental');
    assert.equal(s.analyzer.verify(uri), true);
    assert.deepEqual(s.logs, []);
    s.analyzer.forget(uri);
  });

  it('publishes the full check and says so when the carried-over findings are wrong', async () => {
    const real = createEngine();
    // Carried over (a previous snapshot given): drop the first finding, as a bug would.
    const broken: Engine = { ...real, check: (...args: Parameters<Engine['check']>) => (args[5]?.prev ? real.check(...args).slice(1) : real.check(...args)) };
    const s = setup(broken, 30);
    await s.analyzer.ensure(uri);
    const a = await s.type(' More prose.');
    const want = fresh(s.doc().getText());
    assert.equal(a!.findings.length, want.length - 1, 'the broken engine dropped one finding');
    const before = s.published.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(s.published.length, before + 1, 'one more publication, after the pause');
    assert.deepEqual(s.published.at(-1)!.findings, want);
    assert.deepEqual(s.analyzer.cached(uri)!.findings, want);
    assert.equal(s.logs.length, 1);
    assert.match(s.logs[0]!, /differ from a full check/);
    s.analyzer.forget(uri);
  });

  it('does not check documents with more citations than VERIFY_MAX_CITATIONS (a full check would hold up typing)', async () => {
    const real = createEngine();
    const broken: Engine = { ...real, check: (...args: Parameters<Engine['check']>) => (args[5]?.prev ? real.check(...args).slice(1) : real.check(...args)) };
    const s = setup(broken, 30, 100); // the opinion has ~300 citations
    await s.analyzer.ensure(uri);
    await s.type(' More prose.');
    const before = s.published.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(s.published.length, before, 'no full check after the pause');
    assert.deepEqual(s.logs, []);
    s.analyzer.forget(uri);
  });

  it('does not check a version that is no longer current, nor a closed document', async () => {
    const s = setup(createEngine(), 60_000);
    await s.analyzer.ensure(uri);
    await s.type(' More prose.');
    const doc = s.doc();
    TextDocument.update(doc, [{ range: { start: doc.positionAt(0), end: doc.positionAt(0) }, text: 'x' }], doc.version + 1);
    assert.equal(s.analyzer.verify(uri), undefined, 'the analysis is of an older version');
    s.analyzer.forget(uri);
    assert.equal(s.analyzer.verify(uri), undefined);
  });
});
