// The generator on a small opinion and curated set made for the test: joins, propositions, slip
// pages, warnings for what it cannot join, and its pure helpers.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  buildTable,
  dissentStart,
  hyphenatedWords,
  normalizeSlice,
  slipPages,
} from '../../../scripts/gen-table';
import { parseStatuteCitation, normalizeName } from '../../../server/src/engine/lookup-normalize';
import type { CaseAuthority, StatuteAuthority } from '../../../server/src/engine/table-types';

const dir = path.join(__dirname, '../../fixtures/authorities');
const { table, warnings } = buildTable(path.join(dir, 'mini-opinion.txt'), path.join(dir, 'mini-curated'));
const text = table.opinion.text;
const get = (id: string) => table.authorities.find((a) => a.id === id);

describe('gen-table on a mini opinion', () => {
  it('slip pages and the dissent', () => {
    assert.deepEqual(
      table.opinion.slipPages.map((p) => p.page),
      [1, 2, 3],
    );
    assert.ok(text.startsWith('SYKES, Chief Judge, dissenting.', table.opinion.dissentStart));
  });

  it('joins full cites, id. and short forms, statutes and the opinion’s references to itself', () => {
    const scott = get('scott-v-harris') as CaseAuthority;
    assert.deepEqual(scott.uses.map((u) => [u.kind, u.pin, u.pinPage, u.slipPage, u.part]), [
      ['full-case', '380', 380, 1, 'majority'],
      ['id', '381', 381, 2, 'majority'],
      ['short-case', '378', 378, 2, 'majority'],
    ]);
    assert.equal(scott.link, 'https://www.courtlistener.com/c/U.S./550/372/');
    assert.equal((get('gant-v-hartman') as CaseAuthority).uses.length, 1);
    assert.deepEqual((get('42-usc-1983') as StatuteAuthority).uses.map((u) => u.kind), ['statute']);
    const self = get('smith-v-finkley') as CaseAuthority;
    assert.deepEqual(self.uses.map((u) => [u.kind, u.part, u.slipPage]), [['internal', 'dissent', 3]]);
  });

  it('propositions: the sentence before a citation sentence, string cites share it, headers and line breaks cleaned', () => {
    const scott = get('scott-v-harris') as CaseAuthority;
    assert.equal(get('gant-v-hartman')!.uses[0]!.proposition, 'Officers may not shoot a surrendering suspect.');
    assert.equal(scott.uses[0]!.proposition, 'The video controls where it is clear.');
    assert.equal(scott.uses[1]!.proposition, 'The rule applies with force here.');
    // `qualified-\nimmunity` keeps its hyphen: the opinion writes "qualified-immunity" on one line too.
    assert.equal(scott.uses[2]!.proposition, 'Review of a qualified-immunity denial is narrow.');
    assert.equal(get('smith-v-finkley')!.uses[0]!.proposition, 'I disagree with the result.');
  });

  it('constitution entries count prose mentions, across a hyphenated line break', () => {
    const iv = get('us-const-amend-iv') as StatuteAuthority;
    assert.equal(iv.code, 'U.S. Const.');
    assert.equal(iv.section, 'amend. IV');
    assert.deepEqual(iv.uses.map((u) => [u.kind, u.text, u.pin, u.slipPage]), [['constitution', 'Fourth Amendment', '', 2]]);
    assert.equal(iv.uses[0]!.proposition, 'Smith sued under 42 U.S.C. § 1983 for a violation of the Fourth Amendment.');
  });

  it('warns about cites with no curated entry, entries never cited, and invalid entries — inventing nothing', () => {
    assert.ok(warnings.some((w) => /unresolved full-case .*Unknown v\. Case, 123 F\.3d 456.*no curated entry with 123 F\.3d 456/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /never-cited-v-anywhere is never cited/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /entry broken-entry is invalid/.test(w)), warnings.join('\n'));
    assert.equal(get('broken-entry'), undefined);
    assert.deepEqual(table.unresolved?.map((u) => u.text), ['see also Unknown v. Case, 123 F.3d 456 (7th Cir. 1999)']);
  });

  it('is deterministic', () => {
    const again = buildTable(path.join(dir, 'mini-opinion.txt'), path.join(dir, 'mini-curated'));
    assert.equal(again.json, JSON.stringify(table, null, 1) + '\n');
  });
});

describe('gen-table helpers', () => {
  it('slipPages: page 1 at 0, later pages at their header lines, either header layout', () => {
    const t = 'one\n    No. 20-1754        2\ntwo\n    3          No. 20-1754\nthree';
    assert.deepEqual(slipPages(t), [
      { page: 1, start: 0, end: 4 },
      { page: 2, start: 4, end: t.indexOf('    3') },
      { page: 3, start: t.indexOf('    3'), end: t.length },
    ]);
    assert.equal(dissentStart('x\n    SYKES, Chief Judge, dissenting. Y'), 6);
    assert.equal(dissentStart('no dissent'), 'no dissent'.length);
  });

  it('normalizeSlice: headers dropped, breaks joined, quotes straightened, space before punctuation removed', () => {
    assert.equal(normalizeSlice('a “ques-\n    tion” 12\n    14     No. 20-1754\n    , here'), 'a "question" 12, here');
    assert.equal(normalizeSlice('x qualified-\n  immunity', hyphenatedWords('qualified-immunity')), 'x qualified-immunity');
  });

  it('parseStatuteCitation and normalizeName', () => {
    assert.deepEqual(parseStatuteCitation('42 U.S.C. § 1983'), { title: 42, code: 'U.S.C.', section: '1983' });
    assert.deepEqual(parseStatuteCitation('U.S. Const. amend. IV'), { code: 'U.S. Const.', section: 'amend. IV' });
    assert.deepEqual(parseStatuteCitation('Fed. R. Civ. P. 56(a)'), { code: 'Fed. R. Civ. P.', section: '56(a)' });
    assert.equal(parseStatuteCitation('nonsense'), undefined);
    assert.equal(normalizeName("Lopez v. Sheriff of Cook County"), normalizeName('Lopez v. Sheriff of Cook Cnty.'));
    assert.equal(normalizeName("Dep't of Corr. & Rehab."), normalizeName('Department of Corrections and Rehabilitation'));
    assert.notEqual(normalizeName('Scott v. Harris'), normalizeName('Scott v. Harrison'));
  });
});
