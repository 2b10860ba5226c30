// Gold test: the engine against the hand-made test/fixtures/opinion.gold.json (format in
// test/fixtures/README.md). Matches by (kind, anchor); prints recall, precision, per-field
// accuracy and resolution accuracy.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extract, formatAuthority, type Citation } from '../../../server/src/engine/index';

const ROOT = path.join(__dirname, '..', '..', '..');
const GOLD = path.join(ROOT, 'test', 'fixtures', 'opinion.gold.json');
const OPINION = path.join(ROOT, 'server', 'data', 'opinion', 'smith-v-finkley-20-1754.txt');

interface Gold {
  kind: string;
  anchor: number;
  snippet?: string;
  name?: string;
  volume?: string;
  reporter?: string;
  page?: string;
  pins?: string[];
  court?: string;
  year?: number;
  title?: string;
  code?: string;
  section?: string;
  label?: string;
  resolvesTo: string | null;
  resolution: string;
}

export function anchorOf(text: string, c: Citation): number {
  switch (c.kind) {
    case 'full-case':
    case 'short-case':
      return c.cite ? c.cite.volume.start : c.start;
    case 'id': {
      const from = c.signal ? c.signal.end : c.start;
      const m = /[Ii]d\./g;
      m.lastIndex = from;
      const r = m.exec(text);
      return r ? r.index : c.start;
    }
    case 'supra': {
      const i = text.indexOf('supra', c.name ? c.name.end : c.start);
      return i >= 0 ? i : c.start;
    }
    case 'statute':
      return c.title ? c.title.start : (c.code?.start ?? c.start);
    case 'rule':
    case 'constitution':
      return c.code?.start ?? c.start;
    case 'internal':
      return c.label?.start ?? c.start;
  }
}

function resolvesTo(cits: Citation[], c: Citation): string | null {
  const r = c.resolution;
  if (!r || r.status !== 'resolved' || r.antecedent === undefined) return null;
  return formatAuthority(cits[r.antecedent]!);
}

describe('gold: Smith v. Finkley', function () {
  it('matches the hand-made gold file (recall, precision, fields, resolution)', function () {
    assert.ok(fs.existsSync(GOLD), `gold file missing: ${GOLD} — it is written by hand by another engineer; this test cannot pass until it lands`);
    const gold = JSON.parse(fs.readFileSync(GOLD, 'utf8')) as Gold[];
    const text = fs.readFileSync(OPINION, 'utf8');
    const { citations } = extract(text, 'plaintext');
    const byKey = new Map<string, Citation>();
    for (const c of citations) byKey.set(`${c.kind}@${anchorOf(text, c)}`, c);
    const goldKeys = new Set(gold.map((g) => `${g.kind}@${g.anchor}`));

    let matched = 0;
    const missing: string[] = [];
    const fieldTotals: Record<string, [number, number]> = {};
    const fieldErrors: string[] = [];
    let resTotal = 0;
    let resOk = 0;
    const resErrors: string[] = [];
    const field = (f: string, want: unknown, got: unknown, g: Gold): void => {
      if (want === undefined) return;
      const t = (fieldTotals[f] ??= [0, 0]);
      t[1]++;
      if (JSON.stringify(want) === JSON.stringify(got)) t[0]++;
      else fieldErrors.push(`${g.kind}@${g.anchor} ${f}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
    };
    for (const g of gold) {
      const c = byKey.get(`${g.kind}@${g.anchor}`);
      if (!c) {
        missing.push(`${g.kind}@${g.anchor} ${JSON.stringify(g.snippet)}`);
        continue;
      }
      matched++;
      const nameWant = g.kind === 'short-case' ? g.name : g.name;
      field('name', nameWant, c.name?.text, g);
      if (g.kind === 'short-case' && g.name === undefined) field('name(absent)', null, c.name?.text ?? null, g);
      field('volume', g.volume === undefined ? undefined : String(g.volume), c.cite?.volume.text, g);
      field('reporter', g.reporter, c.cite?.reporter.canonical, g);
      field('page', g.page === undefined ? undefined : String(g.page), c.cite?.page?.text, g);
      field('pins', g.pins, c.pins.map((p) => p.text), g);
      if (g.kind === 'full-case' || g.court !== undefined) field('court', g.court ?? null, c.court?.text ?? null, g);
      field('year', g.year, c.year?.value, g);
      field('title', g.title, c.title?.text, g);
      field('code', g.code, c.code?.text, g);
      field('section', g.section, c.sections?.map((x) => x.text).join(', '), g);
      field('label', g.label, c.label?.text, g);
      if (g.kind === 'short-case' || g.kind === 'id' || g.kind === 'supra') {
        resTotal++;
        const got = resolvesTo(citations, c);
        if (got === g.resolvesTo && c.resolution?.status === g.resolution) resOk++;
        else resErrors.push(`${g.kind}@${g.anchor} ${JSON.stringify(g.snippet)}: want ${g.resolution} ${JSON.stringify(g.resolvesTo)} got ${c.resolution?.status} ${JSON.stringify(got)} ${c.resolution?.detail ?? ''}`);
      }
    }
    const extra = citations.filter((c) => !goldKeys.has(`${c.kind}@${anchorOf(text, c)}`));
    const recall = matched / gold.length;
    const precision = matched / citations.length;
    const resolution = resTotal ? resOk / resTotal : 1;
    console.log(`    gold ${gold.length}, engine ${citations.length}, matched ${matched}`);
    console.log(`    recall ${recall.toFixed(4)}  precision ${precision.toFixed(4)}  resolution ${resolution.toFixed(4)} (${resOk}/${resTotal})`);
    for (const [f, [ok, n]] of Object.entries(fieldTotals)) console.log(`    field ${f}: ${ok}/${n} = ${(ok / n).toFixed(4)}`);
    for (const m of missing) console.log(`    MISSING ${m}`);
    for (const c of extra) console.log(`    EXTRA ${c.kind}@${anchorOf(text, c)} ${JSON.stringify(c.text.slice(0, 60))}`);
    for (const e of fieldErrors) console.log(`    FIELD ${e}`);
    for (const e of resErrors) console.log(`    RESOLUTION ${e}`);
    assert.ok(recall >= 0.99, `recall ${recall}`);
    assert.ok(precision >= 0.99, `precision ${precision}`);
    assert.ok(resolution >= 0.98, `resolution ${resolution}`);
  });
});
