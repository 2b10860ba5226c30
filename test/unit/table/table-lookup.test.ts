// Lookups over the bundled table, and their timings.
import * as assert from 'node:assert/strict';
import { AuthorityTable } from '../../../server/src/engine/table';

const table = AuthorityTable.bundled();

describe('bundled authority table: lookups', () => {
  it('bundled() builds once and shares the table', () => {
    assert.equal(AuthorityTable.bundled(), table);
    assert.ok(table.authorities.length > 50);
  });

  it('get(id)', () => {
    assert.equal(table.get('scott-v-harris')?.type, 'case');
    assert.equal(table.get('no-such-case'), undefined);
  });

  it('byCite: first page of the primary or a parallel reporter, reporter spacing ignored', () => {
    assert.equal(table.byCite(550, 'U.S.', 372)?.id, 'scott-v-harris');
    assert.equal(table.byCite(127, 'S. Ct.', 1769)?.id, 'scott-v-harris');
    assert.equal(table.byCite(127, 'S.Ct.', 1769)?.id, 'scott-v-harris');
    assert.equal(table.byCite(883, 'F. 3d', 941)?.id, 'horton-v-pobjecky');
    assert.equal(table.byCite(550, 'U.S.', 380), undefined, 'a pin page is not a first page');
    assert.equal(table.byCite(1, 'Nonsense', 1), undefined);
  });

  it('byCiteContaining: the first page, or a verified [page, lastPage] span containing the pin', () => {
    const exact = table.byCiteContaining(575, 'U.S.', 822);
    assert.equal(exact?.authority.id, 'taylor-v-barkes');
    assert.equal(exact?.match, 'page');
    const inSpan = table.byCiteContaining(575, 'U.S.', 825);
    assert.equal(inSpan?.authority.id, 'taylor-v-barkes');
    assert.equal(inSpan?.match, 'span');
    assert.equal(table.byCiteContaining(575, 'U.S.', 828), undefined, 'past lastPage');
    assert.equal(table.byCiteContaining(550, 'U.S.', 380), undefined, 'no verified span: no answer unless asked to guess');
  });

  it('byCiteContaining with nearest: the case starting closest before the pin, within limits', () => {
    const scott = table.byCiteContaining(550, 'U.S.', 380, { nearest: true });
    assert.equal(scott?.authority.id, 'scott-v-harris');
    assert.equal(scott?.match, 'nearest');
    // 138 S. Ct. holds Wesby (577), U.S. Bank (960) and Kisela (1148): a pin picks the one before it.
    assert.equal(table.byCiteContaining(138, 'S. Ct.', 589, { nearest: true })?.authority.id, 'district-of-columbia-v-wesby');
    assert.equal(table.byCiteContaining(138, 'S. Ct.', 1153, { nearest: true })?.authority.id, 'kisela-v-hughes');
    assert.equal(table.byCiteContaining(575, 'U.S.', 828, { nearest: true }), undefined, 'a verified lastPage still bounds it');
    assert.equal(table.byCiteContaining(550, 'U.S.', 372 + 500, { nearest: true }), undefined, 'too far past the first page');
    assert.equal(table.byCiteContaining(550, 'U.S.', 300, { nearest: true }), undefined, 'before every first page');
  });

  it('byName: case, punctuation and case-name abbreviations do not matter', () => {
    assert.equal(table.byName('Scott v. Harris')?.id, 'scott-v-harris');
    assert.equal(table.byName('scott  V  harris')?.id, 'scott-v-harris');
    assert.equal(table.byName('Lopez v. Sheriff of Cook County')?.id, 'lopez-v-sheriff-of-cook-county');
    assert.equal(table.byName("King v. Hendricks County Commissioners")?.id, 'king-v-hendricks-cnty-commrs');
    assert.equal(table.byName('City and County of San Francisco v. Sheehan')?.id, 'city-and-cnty-of-san-francisco-v-sheehan');
    assert.equal(table.byName('Estate of Williams v. Indiana State Police Department')?.id, 'estate-of-williams-v-ind-state-police-dept');
    assert.equal(table.byName('Nobody v. Nothing'), undefined);
  });

  it('byNameWord: short-form name words, ambiguous ones give every candidate', () => {
    assert.deepEqual(table.byNameWord('Graham').map((a) => a.id), ['graham-v-connor']);
    assert.deepEqual(table.byNameWord('plumhoff').map((a) => a.id), ['plumhoff-v-rickard']);
    const johnsons = table.byNameWord('Johnson').map((a) => a.id);
    assert.ok(johnsons.includes('johnson-v-jones') && johnsons.length > 1, johnsons.join());
    assert.deepEqual(table.byNameWord('al-Kidd').map((a) => a.id), ['ashcroft-v-al-kidd']);
    assert.deepEqual(table.byNameWord('Guerra Rocha').map((a) => a.id), ['guerra-rocha-v-barr']);
    assert.deepEqual(table.byNameWord('Zzyzx'), []);
  });

  it('fuzzy: misspelt names find the case, unrelated names do not', () => {
    const garner = table.fuzzy('Tennessee v. Gardner');
    assert.equal(garner?.authority.id, 'tennessee-v-garner');
    assert.equal(garner?.distance, 1);
    assert.equal(table.fuzzy('Taylor v. Rjojas')?.authority.id, 'taylor-v-riojas');
    assert.equal(table.fuzzy('Scott v. Harris')?.distance, 0);
    assert.equal(table.fuzzy('Marbury v. Madison'), undefined);
    assert.equal(table.fuzzy(''), undefined);
  });

  it('statute: by title, code and section, however the section is written', () => {
    assert.equal(table.statute(42, 'U.S.C.', '1983')?.id, '42-usc-1983');
    assert.equal(table.statute('42', 'USC', '§ 1983')?.id, '42-usc-1983');
    assert.equal(table.statute(28, 'U.S.C.', '1291(a)')?.id, '28-usc-1291', 'a subsection falls back to its section');
    assert.equal(table.statute(undefined, 'U.S. Const.', 'amend. IV')?.id, 'us-const-amend-iv');
    assert.equal(table.statute(18, 'U.S.C.', '1983'), undefined);
  });

  it('opinion: slip page and part of an offset', () => {
    const op = table.opinion;
    assert.equal(op.slipPageAt(0), 1);
    assert.equal(op.slipPageAt(op.slipPages[1]!.start), 2);
    assert.equal(op.slipPageAt(op.slipPages[1]!.start - 1), 1);
    assert.equal(op.slipPageAt(op.text.length - 1), op.slipPages[op.slipPages.length - 1]!.page);
    assert.equal(op.partAt(op.dissentStart), 'dissent');
    assert.equal(op.partAt(op.dissentStart - 1), 'majority');
  });

  it('lookup timings (printed; every lookup well under a millisecond)', () => {
    const b0 = process.hrtime.bigint();
    AuthorityTable.fromData(table.data);
    console.log(`      ${'build (all indexes)'.padEnd(22)} ${(Number(process.hrtime.bigint() - b0) / 1e6).toFixed(2)} ms, once`);
    const N = 20000;
    const time = (label: string, fn: (i: number) => unknown): number => {
      for (let i = 0; i < 200; i++) fn(i); // warm up
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < N; i++) fn(i);
      const us = Number(process.hrtime.bigint() - t0) / 1000 / N;
      console.log(`      ${label.padEnd(22)} ${us.toFixed(3)} µs/lookup`);
      return us;
    };
    const results = [
      time('byCite', (i) => table.byCite(550, 'U.S.', 372 + (i & 1))),
      time('byCiteContaining', (i) => table.byCiteContaining(575, 'U.S.', 822 + (i % 6))),
      time('byName', () => table.byName('Lopez v. Sheriff of Cook County')),
      time('byNameWord', () => table.byNameWord('Johnson')),
      time('fuzzy', () => table.fuzzy('Tennessee v. Gardner')),
      time('statute', () => table.statute(42, 'U.S.C.', '1983')),
      time('slipPageAt', (i) => table.opinion.slipPageAt((i * 7919) % table.opinion.text.length)),
    ];
    // Generous bound (CI machines vary): catches an accidental linear scan of the opinion, not jitter.
    for (const us of results) assert.ok(us < 1000, `a lookup took ${us} µs`);
  });
});
