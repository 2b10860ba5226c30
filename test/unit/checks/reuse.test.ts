// The checker and the resolver are called again and again on the same (or a slightly edited)
// extraction: what one call finds must never depend on an earlier call's table or settings, and
// the shortcuts that keep a full pass cheap must find what the plain rules find.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../../server/src/engine/checks';
import { extract } from '../../../server/src/engine/extract';
import { resolveAll } from '../../../server/src/engine/resolve';
import { RULES } from '../../../server/src/engine/rules';
import { AuthorityTable } from '../../../server/src/engine/table';
import type { Citation } from '../../../server/src/engine/types';

const root = path.resolve(__dirname, '../../..');
const bundled = AuthorityTable.bundled();
const merged = bundled.merge(fs.readFileSync(path.join(root, 'test/fixtures/authorities/user-valid.json'), 'utf8')).table;
const briefs = [
  ...RULES.map((r) => r.wrong),
  fs.readFileSync(path.join(root, 'test/fixtures/briefs/errors.md'), 'utf8'),
  fs.readFileSync(path.join(root, 'samples/brief.md'), 'utf8'),
];

describe('checks: one extraction checked again and again', () => {
  it('reads each distinct earlier full citation once: repeats change no short form\'s finding', () => {
    // Short forms match earlier full citations by name; repeats of one full citation are read once
    // (FullIndex.fulls), which must leave the findings as they are with one of each.
    const a = 'Jones v. Clark, 630 F.3d 677, 680 (7th Cir. 2011).';
    const b = 'Jones v. Smith, 600 F.3d 100, 101 (7th Cir. 2010).';
    const short = 'Jones, 631 F.3d at 680.';
    const findingsOnShort = (fulls: string[]) => {
      const text = [...fulls, short].join(' ');
      const at = text.lastIndexOf(short);
      return check(text, 'markdown', { table: { authorities: bundled.authorities }, extraction: extract(text, 'markdown') })
        .filter((f) => f.start >= at)
        .map((f) => ({ code: f.code, message: f.message, fixes: f.fixes.map((x) => x.edits.map((e) => ({ ...e, start: e.start - at, end: e.end - at }))) }))
        .map((f) => JSON.stringify(f));
    };
    const oneA = findingsOnShort([a]);
    assert.ok(oneA.some((f) => f.includes('short-mismatch') && f.includes('630 F.3d')), oneA.join('\n'));
    assert.deepEqual(findingsOnShort(Array(60).fill(a)), oneA);
    const oneEach = findingsOnShort([a, b]);
    assert.ok(oneEach.some((f) => f.includes('short-mismatch') && f.includes('Jones v. Clark; Jones v. Smith')), oneEach.join('\n'));
    assert.deepEqual(findingsOnShort([...Array(30).fill(a), ...Array(30).fill(b), a, b]), oneEach);
  });

  it('gives with each table what a fresh extraction gives, whatever table came before', () => {
    const tables = [{ authorities: bundled.authorities }, { authorities: merged.authorities }, undefined, { authorities: bundled.authorities }];
    for (const text of briefs) {
      const shared = extract(text, 'markdown');
      for (const table of tables) {
        const again = check(text, 'markdown', { table, extraction: shared });
        const fresh = check(text, 'markdown', { table, extraction: extract(text, 'markdown') });
        assert.deepEqual(again, fresh, text.slice(0, 80));
      }
    }
  });

  it('gives with each settings what a fresh extraction gives, whatever settings came before', () => {
    const settings = [{ dashStyle: 'en-dash' as const }, {}, { dashStyle: 'hyphen' as const, rules: { 'not-in-table': 'off' as const } }, {}];
    for (const text of briefs) {
      const shared = extract(text, 'markdown');
      for (const s of settings) {
        assert.deepEqual(check(text, 'markdown', { table: bundled, settings: s, extraction: shared }), check(text, 'markdown', { table: bundled, settings: s }));
      }
    }
  });
});

describe('checks: an id. after a footnote starts is not judged against the citation before it', () => {
  const full = 'Graham v. Connor, 490 U.S. 386, 396 (1989). The court agreed.';
  const codes = (text: string) => check(text, 'markdown', { table: bundled }).map((f) => f.code);
  it('judges the pin when no footnote starts in between', () => {
    assert.deepEqual(codes(`${full} Id. at 100.`), ['id-pin-out-of-range']);
    assert.deepEqual(codes(`${full}\n1234 The note. Id. at 100.`), ['id-pin-out-of-range']);
    assert.deepEqual(codes(`${full}\n12 the note. Id. at 100.`), ['id-pin-out-of-range']);
    assert.deepEqual(codes(`${full}\n[^]: The note. Id. at 100.`), ['id-pin-out-of-range']);
  });
  for (const start of ['\n12 The note.', '\n  3\tThe note.', '\n[^1]: The note.', '\n\\footnote{The note.']) {
    it(`does not judge it after ${JSON.stringify(start)}`, () => {
      assert.deepEqual(codes(`${full}${start} Id. at 100.`), []);
    });
  }
});

describe('resolve: the text between citations is read only where it can matter', () => {
  it('asks for it at most once per id., and only after a resolved citation', () => {
    const text = fs.readFileSync(path.join(root, 'server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
    const cits = extract(text, 'plaintext').citations;
    const want = cits.map((c) => c.resolution);
    const fresh: Citation[] = cits.map((c) => ({ ...c, resolution: undefined }));
    let calls = 0;
    const starts = cits.map((c) => c.start);
    const ends = cits.map((c) => c.end);
    // Original offsets stand in for normalized ones: the plain-text opinion has no markup.
    resolveAll(fresh, (j, next) => {
      calls++;
      return text.slice(ends[j]!, starts[next]!);
    });
    const ids = cits.filter((c, i) => c.kind === 'id' && i > 0 && cits[c.resolution?.previous ?? -1]?.resolution?.status === 'resolved').length;
    assert.ok(calls <= ids, `${calls} calls for ${ids} ids after a resolved citation`);
    assert.deepEqual(fresh.map((c) => c.resolution), want);
  });
});
