// Merging a workspace .pincite/authorities.json over the bundled table.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuthorityTable } from '../../../server/src/engine/table';
import type { CaseAuthority } from '../../../server/src/engine/table-types';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '../../fixtures/authorities', name), 'utf8');
const bundled = AuthorityTable.bundled();
const bundledGraham = bundled.get('graham-v-connor') as CaseAuthority;

describe('bundled authority table: merge', () => {
  it('a valid user file adds entries and overrides bundled ones by id', () => {
    const { table, problems } = bundled.merge(fixture('user-valid.json'));
    assert.deepEqual(problems, []);
    assert.notEqual(table, bundled);
    // New case: found by id, cite, pin in its span, name and name word, with defaults filled in.
    const doe = table.byCite(999, 'F.4th', 100);
    assert.equal(doe?.id, 'doe-v-roe-county');
    assert.equal(table.byCiteContaining(999, 'F.4th', 110)?.authority.id, 'doe-v-roe-county');
    assert.equal(table.byName('Doe v. Roe Cnty.')?.id, 'doe-v-roe-county');
    assert.deepEqual(table.byNameWord('Doe').map((a) => a.id), ['doe-v-roe-county']);
    assert.equal(doe?.link, 'https://www.courtlistener.com/c/F.4th/999/100/');
    assert.deepEqual(doe?.uses, []);
    assert.ok(table.userIds.has('doe-v-roe-county'));
    // Override: the user's holding wins; the opinion's uses of Graham are kept.
    const graham = table.get('graham-v-connor') as CaseAuthority;
    assert.match(graham.holding, /^USER OVERRIDE/);
    assert.equal(graham.uses.length, bundledGraham.uses.length);
    assert.ok(graham.uses.length > 0);
    assert.equal(table.byCiteContaining(490, 'U.S.', 396)?.authority.id, 'graham-v-connor');
    // The user's entry replaced the bundled one entirely: the S. Ct. parallel it left out is gone.
    assert.equal(table.byCite(109, 'S. Ct.', 1865), undefined);
    // A rule with code and section taken from its citation.
    assert.equal(table.statute(undefined, 'Fed. R. Civ. P.', '56(a)')?.id, 'frcp-56');
    // Everything else is still there, and the bundled table is untouched.
    assert.equal(table.authorities.length, bundled.authorities.length + 2);
    assert.equal(table.byCite(550, 'U.S.', 372)?.id, 'scott-v-harris');
    assert.equal((bundled.get('graham-v-connor') as CaseAuthority).holding, bundledGraham.holding);
    assert.equal(bundled.byCite(999, 'F.4th', 100), undefined);
  });

  it('accepts parsed JSON and bytes as well as text', () => {
    const parsed = bundled.merge(JSON.parse(fixture('user-valid.json')));
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.table.get('doe-v-roe-county')?.type, 'case');
    const bytes = bundled.merge(new TextEncoder().encode(fixture('user-valid.json')));
    assert.deepEqual(bytes.problems, []);
    assert.equal(bytes.table.get('frcp-56')?.type, 'rule');
  });

  it('an invalid file: each bad entry is reported clearly and skipped, good ones merge, bundled still works', () => {
    const { table, problems } = bundled.merge(fixture('user-invalid.json'));
    const text = problems.map((p) => `${p.path} ${p.message}`);
    const has = (re: RegExp): boolean => text.some((t) => re.test(t));
    assert.ok(has(/^\/authorities\/0\/cites\/0\/volume authorities\[0\] \("bad-volume-v-case"\) field cites\.0\.volume must be integer; entry skipped$/), text.join('\n'));
    assert.ok(has(/^\/authorities\/1 authorities\[1\] \("no-holding-v-case"\) is missing required field "holding"; entry skipped$/), text.join('\n'));
    assert.ok(has(/^\/authorities\/2\/type .*field type must be one of "case", "statute", "constitution", "rule"/), text.join('\n'));
    assert.ok(has(/^\/authorities\/3 authorities\[3\] must be an object/), text.join('\n'));
    assert.equal(problems.length, 4, text.join('\n'));
    assert.equal(table.get('bad-volume-v-case'), undefined);
    assert.equal(table.get('no-holding-v-case'), undefined);
    assert.equal(table.get('good-v-entry')?.type, 'case');
    assert.equal(table.byCite(550, 'U.S.', 372)?.id, 'scott-v-harris');
    assert.equal(bundled.get('good-v-entry'), undefined);
  });

  it('a file that is not JSON leaves the bundled table as it is, with one problem', () => {
    const { table, problems } = bundled.merge(fixture('user-not-json.json'));
    assert.equal(table, bundled);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^\.pincite\/authorities\.json is not valid JSON: /);
    assert.equal(table.byName('Graham v. Connor')?.id, 'graham-v-connor');
  });

  it('a JSON file of the wrong shape is reported, never thrown', () => {
    for (const bad of [null, 42, [], {}, { authorities: 'nope' }, undefined]) {
      const { table, problems } = bundled.merge(bad);
      assert.equal(table, bundled);
      assert.ok(problems.length > 0, JSON.stringify(bad));
      for (const p of problems) assert.ok(p.message.length > 10);
    }
    const missing = bundled.merge({});
    assert.ok(missing.problems.some((p) => /missing required field "authorities"/.test(p.message)), JSON.stringify(missing.problems));
  });

  it('duplicate ids in a user file: the first wins, the repeat is reported', () => {
    const entry = { id: 'dup-v-dup', type: 'case', name: 'Dup v. Dup', cites: [{ volume: 3, reporter: 'F.3d', page: 3 }], court: '7th Cir.', year: 2003, holding: 'First.' };
    const { table, problems } = bundled.merge({ authorities: [entry, { ...entry, holding: 'Second.' }] });
    assert.equal((table.get('dup-v-dup') as CaseAuthority).holding, 'First.');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /repeats id "dup-v-dup"/);
  });

  it('a merged table merges again (user files stack)', () => {
    const once = bundled.merge(fixture('user-valid.json')).table;
    const twice = once.merge({ authorities: [{ id: 'frcp-12', type: 'rule', citation: 'Fed. R. Civ. P. 12', name: 'Defenses' }] });
    assert.deepEqual(twice.problems, []);
    assert.equal(twice.table.get('doe-v-roe-county')?.type, 'case');
    assert.equal(twice.table.statute(undefined, 'Fed. R. Civ. P.', '12(b)(6)')?.id, 'frcp-12');
  });
});
